package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.CoordinatorMessage;
import org.apache.pekko.actor.Address;

/** What the {@link JobManager} hears from its own timers, from death watch and from cluster membership. */
final class JobManagerSignals {

    private JobManagerSignals() {
    }

    /** Pekko death watch → job manager: a worker stopped or its node left the cluster. */
    record WorkerTerminated(String workerId) implements CoordinatorMessage {
    }

    /**
     * Cluster → job manager: a node was downed. It never comes back, so its workers are gone now,
     * before death watch says so (that waits until the node is also unreachable).
     */
    record NodeDowned(Address node) implements CoordinatorMessage {
    }

    /** Timer → job manager. */
    record RetryDue(String jobId, int[] indices) implements CoordinatorMessage {
    }

    /** Timer → job manager. */
    record DeadlinePassed(String jobId) implements CoordinatorMessage {
    }

    /** Timer → job manager: time to tell progress, send workers the jobs that ended, and publish metrics. */
    enum Tick implements CoordinatorMessage { PROGRESS }
}

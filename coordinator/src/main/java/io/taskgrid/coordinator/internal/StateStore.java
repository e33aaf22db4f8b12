package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.internal.protocol.JobSpec;

import java.util.List;

/**
 * Where the coordinator keeps what must outlive a connection or a process: accepted jobs, the
 * records of ended jobs, and results no client has collected yet. Writes are asynchronous: the
 * job manager never waits for the store.
 */
public interface StateStore extends AutoCloseable {

    /** Records an accepted job (immutable from then on). */
    void saveJob(JobSpec spec);

    /** Records how a job ended; the store keeps it for its retention time, then forgets the job. */
    void saveJobEnd(ClusterStatus.JobInfo ended);

    /** Keeps results that no connected client could take, for a later attach. */
    void saveUncollectedResults(String jobId, String workerId, int[] indices, byte[][] values);

    /** The jobs that ended within the retention time, newest first, at most {@code limit}; read at start. */
    List<ClusterStatus.JobInfo> endedJobs(int limit);

    @Override
    void close();
}

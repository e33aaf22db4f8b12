package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.cluster.CoordinatorMessage.RegisterWorker;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.internal.Secrets;
import io.taskgrid.internal.TaskgridVersion;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The registered workers, as the job manager knows them: ids it gave out, actor references, and
 * which jobs' code each has received. Used by the job manager's thread only.
 */
final class Workers {

    /** One registered worker. */
    static final class Worker {
        private final String id;
        private final ActorRef<WorkerMessage> ref;
        private final RegisterWorker registration;
        private final Set<String> jobsWithCode = new HashSet<>();
        /** Jobs that ended normally and that this worker has not been told of yet. */
        private List<String> endedJobs = new ArrayList<>();

        Worker(String id, ActorRef<WorkerMessage> ref, RegisterWorker registration) {
            this.id = id;
            this.ref = ref;
            this.registration = registration;
        }

        String id() {
            return id;
        }

        ActorRef<WorkerMessage> ref() {
            return ref;
        }

        RegisterWorker registration() {
            return registration;
        }

        /** Whether the next batch of the job must carry its code, because this worker has not had it. */
        boolean receivesCodeOf(String jobId) {
            return jobsWithCode.add(jobId);
        }
    }

    /** The outcome of a registration: the worker, and whether it is new. */
    record Registration(Worker worker, boolean isNew) {
    }

    private final ActorRefResolver resolver;
    /** How many normally ended jobs a worker is told of in one message at most, before the next tick. */
    static final int MAX_RELEASES_HELD = 256;

    private final Map<String, Worker> byId = new LinkedHashMap<>();
    private final Map<String, Worker> byRef = new HashMap<>();
    private int registered;

    Workers(ActorRefResolver resolver) {
        this.resolver = resolver;
    }

    /** Registers a worker, or finds it again when it repeats its registration. */
    Registration register(RegisterWorker registration) {
        Worker known = byRef.get(registration.workerRef());
        if (known != null) {
            return new Registration(known, false);
        }
        ActorRef<WorkerMessage> ref = resolver.resolveActorRef(registration.workerRef());
        Worker worker = new Worker("worker-" + ++registered, ref, registration);
        byId.put(worker.id, worker);
        byRef.put(registration.workerRef(), worker);
        return new Registration(worker, true);
    }

    /** Every registered worker, in the order they registered. */
    Iterable<Worker> all() {
        return byId.values();
    }

    Worker get(String workerId) {
        return byId.get(workerId);
    }

    Worker remove(String workerId) {
        Worker worker = byId.remove(workerId);
        if (worker != null) {
            byRef.remove(worker.registration.workerRef());
        }
        return worker;
    }

    /** The ids of the workers whose node listens at {@code node}. */
    List<String> idsAt(Address node) {
        List<String> ids = new ArrayList<>();
        for (Worker worker : byId.values()) {
            if (worker.ref.path().address().equals(node)) {
                ids.add(worker.id);
            }
        }
        return ids;
    }

    /** Why a worker may not join (no token, or the wrong one; another Taskgrid version), or {@code null}. */
    static String whyRefuse(RegisterWorker registration, String token) {
        if (!Secrets.matches(token, registration.token())) {
            return "it did not present the cluster's token; set " + Secrets.TOKEN_ENV + " or --token-file to the "
                    + "coordinator's token";
        }
        if (!TaskgridVersion.get().equals(registration.version())) {
            return "it runs Taskgrid " + registration.version() + " and the coordinator " + TaskgridVersion.get()
                    + ": run the same version on every node";
        }
        return null;
    }

    void refuse(String workerRef, String reason) {
        ActorRef<WorkerMessage> ref = resolver.resolveActorRef(workerRef);
        ref.tell(new WorkerMessage.RegistrationRefused(reason));
    }

    /**
     * Tells a worker that a job is over for it: now if it {@code mayBeRunning} some of it, otherwise
     * with the next {@link #sendReleases}: one message for every job that ended meanwhile, so that a
     * stream of small jobs does not send a message per job.
     */
    void release(String workerId, String jobId, String reason, boolean mayBeRunning) {
        Worker worker = byId.get(workerId);
        if (worker == null || !worker.jobsWithCode.remove(jobId)) {
            return;
        }
        if (mayBeRunning) {
            worker.ref.tell(new WorkerMessage.ReleaseJobs(List.of(jobId), reason));
        } else {
            worker.endedJobs.add(jobId);
            if (worker.endedJobs.size() >= MAX_RELEASES_HELD) {
                sendReleases(worker);
            }
        }
    }

    /** Tells each worker of the jobs that ended normally since the last time. */
    void sendReleases() {
        byId.values().forEach(Workers::sendReleases);
    }

    private static void sendReleases(Worker worker) {
        if (!worker.endedJobs.isEmpty()) {
            worker.ref.tell(new WorkerMessage.ReleaseJobs(worker.endedJobs, "jobs ended"));
            worker.endedJobs = new ArrayList<>();
        }
    }

    List<ClusterStatus.Worker> describe(ToIntFunction<String> heldBy) {
        List<ClusterStatus.Worker> all = new ArrayList<>(byId.size());
        for (Worker worker : byId.values()) {
            RegisterWorker r = worker.registration;
            all.add(new ClusterStatus.Worker(worker.id, r.host(), r.pid(), r.threads(), heldBy.applyAsInt(worker.id)));
        }
        return all;
    }
}

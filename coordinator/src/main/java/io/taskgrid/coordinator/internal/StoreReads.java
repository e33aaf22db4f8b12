package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.SubtaskFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The job manager's reads of the {@link StateStore}, on a thread of their own so that the job
 * manager never waits for the store: the outcomes a client gets when it attaches to a job or
 * submits it again, the record of a job that ended longer ago than the job manager remembers, and
 * the jobs to resume when it starts. Reads run one at a time, in the order asked.
 */
final class StoreReads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);

    private final StateStore store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread reader = new Thread(runnable, "taskgrid-store-reads");
        reader.setDaemon(true);
        return reader;
    });

    StoreReads(StateStore store) {
        this.store = store;
    }

    /** A job a previous coordinator accepted and did not finish, with the outcomes it recorded. */
    record Unfinished(JobSpec spec, StateStore.StoredOutcomes outcomes) {
    }

    /**
     * What a job manager starts from, as the store (which may have outlived a coordinator) has it:
     * the jobs to resume with their recorded outcomes, and the jobs that ended lately.
     */
    record Inheritance(List<Unfinished> unfinished, List<ClusterStatus.JobInfo> ended) {
    }

    CompletableFuture<Inheritance> inheritance() {
        return CompletableFuture.supplyAsync(() -> {
            List<Unfinished> unfinished = new ArrayList<>();
            for (JobSpec spec : store.unfinishedJobs()) {
                unfinished.add(new Unfinished(spec, store.outcomes(spec.jobId())));
            }
            return new Inheritance(unfinished, store.endedJobs(EndedJobs.SHOWN));
        }, thread);
    }

    /**
     * Sends a client that follows a running job its recorded outcomes, then lets the live ones
     * through. The job manager handed its unwritten outcomes to the store before it asked, and
     * sends later ones to the follower.
     */
    void replayRunning(String jobId, Follower follower) {
        thread.execute(() -> {
            try {
                StateStore.StoredOutcomes recorded = store.outcomes(jobId);
                int batches = send(jobId, without(recorded, follower.heldBackSubtasks()), follower.client);
                log.info("{} follows job {} now ({} result batches replayed)", follower.client.describe(), jobId, batches);
            } catch (RuntimeException e) {
                log.warn("Could not replay the recorded outcomes of job {} to {}: {}", jobId,
                        follower.client.describe(), e.toString());
            } finally {
                follower.replayed();
            }
        });
    }

    /**
     * Answers a client about an ended job: {@code recent} is the job manager's record of it, or
     * {@code null} when it no longer remembers the job (then the store's record counts).
     * {@code accepted} is the answer for a client that submitted the job again; {@code null}
     * for one that attaches (request {@code requestId}), which gets {@link GatewayMessage.JobAttached}
     * or why it cannot.
     */
    void replayEnded(String jobId, ClusterStatus.JobInfo recent, ClientSession client, long requestId,
                     GatewayMessage accepted) {
        thread.execute(() -> {
            ClusterStatus.JobInfo info = recent != null ? recent : store.endedJob(jobId);
            StateStore.StoredOutcomes outcomes = info == null ? null : store.outcomes(jobId);
            String refusal = accepted != null ? null : whyNotAttach(jobId, info, outcomes);
            if (refusal != null) {
                client.send(new GatewayMessage.RequestFailed(requestId, refusal));
                return;
            }
            client.send(accepted != null ? accepted
                    : new GatewayMessage.JobAttached(requestId, info.id(), info.name(), info.total(), info.state()));
            send(jobId, outcomes, client);
            client.send(new GatewayMessage.JobFinished(jobId, info.state(), info.succeeded(), info.failed(), null));
        });
    }

    /** The record of a job that ended, as the store has it, for a job the job manager no longer remembers. */
    CompletableFuture<JobDetails> endedJob(String jobId) {
        return CompletableFuture.supplyAsync(() -> {
            ClusterStatus.JobInfo stored = store.endedJob(jobId);
            return stored == null ? null : EndedJobs.fromStore(stored);
        }, thread);
    }

    private static String whyNotAttach(String jobId, ClusterStatus.JobInfo info, StateStore.StoredOutcomes outcomes) {
        if (info == null) {
            return "there is no job " + jobId + ": the id is wrong, or the job ended longer ago than the coordinator "
                    + "keeps results ('taskgrid status' lists the jobs it knows)";
        }
        if (outcomes.isEmpty() && info.succeeded() + info.failed() > 0) {
            return "job " + jobId + " ended (" + info.state().name().toLowerCase() + ") and the client that followed "
                    + "it collected its results, so they are not kept any more";
        }
        return null;
    }

    /** The recorded outcomes but those of {@code subtasks}. */
    static StateStore.StoredOutcomes without(StateStore.StoredOutcomes recorded, Set<Integer> subtasks) {
        if (subtasks.isEmpty()) {
            return recorded;
        }
        List<GatewayMessage.SubtaskResults> results = new ArrayList<>();
        for (GatewayMessage.SubtaskResults batch : recorded.results()) {
            int[] positions = new int[batch.indices().length];
            int kept = 0;
            for (int i = 0; i < batch.indices().length; i++) {
                if (!subtasks.contains(batch.indices()[i])) {
                    positions[kept++] = i;
                }
            }
            if (kept == batch.indices().length) {
                results.add(batch);
            } else if (kept > 0) {
                int[] indices = new int[kept];
                for (int i = 0; i < kept; i++) {
                    indices[i] = batch.indices()[positions[i]];
                }
                results.add(new GatewayMessage.SubtaskResults(batch.jobId(), batch.workerId(), indices,
                        batch.values().select(positions, kept)));
            }
        }
        List<SubtaskFailure> failures = recorded.failures().stream()
                .filter(failure -> !subtasks.contains(failure.index())).toList();
        return new StateStore.StoredOutcomes(results, failures);
    }

    private static int send(String jobId, StateStore.StoredOutcomes outcomes, ClientSession client) {
        outcomes.results().forEach(client::send);
        if (!outcomes.failures().isEmpty()) {
            client.send(new GatewayMessage.SubtaskFailures(jobId, outcomes.failures()));
        }
        return outcomes.results().size();
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}

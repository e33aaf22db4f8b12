package io.taskgrid.internal.client;

import io.taskgrid.JobState;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.serialization.PayloadCodec;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs a client follows: their handles, and the delivery of the gateway's messages about
 * them to those handles, on the client's delivery thread. It also keeps the jobs this client
 * submitted, as sent, until they end: after a reconnect, one the coordinator does not know (it
 * died before the job was safely stored) is sent again; a repeat of a known job only attaches to it.
 */
final class FollowedJobs {

    private final GatewayClient client;
    private final PayloadCodec payloads;
    private final Map<String, ClientJobHandle<?>> handles = new ConcurrentHashMap<>();
    private final Map<String, JobSpec> submitted = new ConcurrentHashMap<>();
    private final Map<Long, ClientJobHandle<?>> attachedByRequest = new ConcurrentHashMap<>();

    FollowedJobs(GatewayClient client, PayloadCodec payloads) {
        this.client = client;
        this.payloads = payloads;
    }

    /** Follows a job this client submits now. */
    void submitting(JobSpec spec, ClientJobHandle<?> handle) {
        handles.put(spec.jobId(), handle);
        submitted.put(spec.jobId(), spec);
    }

    /** Stops following a job, without a word to its handle. */
    void forget(String jobId) {
        handles.remove(jobId);
        submitted.remove(jobId);
    }

    /** Stops following a submitted job that will not run, failing its handle with {@code error}. */
    void fail(String jobId, TaskgridException error) {
        submitted.remove(jobId);
        ClientJobHandle<?> handle = handles.remove(jobId);
        if (handle != null) {
            handle.failLocally(error);
        }
    }

    /** Fails every handle and forgets every job. */
    void failAll(TaskgridException error) {
        handles.values().forEach(handle -> handle.failLocally(error));
        handles.clear();
        submitted.clear();
    }

    /** The handles of the jobs followed now. */
    Collection<ClientJobHandle<?>> handles() {
        return handles.values();
    }

    /** The job as this client submitted it, while it follows it; {@code null} for one it only attached to. */
    JobSpec submitted(String jobId) {
        return submitted.get(jobId);
    }

    /** The handle that the answer to attach request {@code requestId} brought, once. */
    ClientJobHandle<?> takeAttached(long requestId) {
        return attachedByRequest.remove(requestId);
    }

    /**
     * Applies a message about the outcomes of a followed job and returns {@code true}; returns
     * {@code false} for an answer to a request, which the caller completes (an attach's answer
     * has its handle ready first).
     */
    boolean deliver(GatewayMessage message) {
        if (message instanceof GatewayMessage.SubtaskResults results) {
            ClientJobHandle<?> handle = handles.get(results.jobId());
            if (handle != null) {
                handle.onEncodedResults(results, payloads);
            }
        } else if (message instanceof GatewayMessage.SubtaskFailures failures) {
            ClientJobHandle<?> handle = handles.get(failures.jobId());
            if (handle != null) {
                handle.onFailures(failures.failures());
            }
        } else if (message instanceof GatewayMessage.JobProgressed progress) {
            ClientJobHandle<?> handle = handles.get(progress.jobId());
            if (handle != null) {
                handle.onProgress(progress.running(), progress.partial());
            }
        } else if (message instanceof GatewayMessage.JobFinished finished) {
            onFinished(finished);
        } else {
            if (message instanceof GatewayMessage.JobAttached attached) {
                ClientJobHandle<?> handle = handles.computeIfAbsent(attached.jobId(),
                        id -> new ClientJobHandle<>(client, id, attached.name(), attached.subtaskCount()));
                attachedByRequest.put(attached.requestId(), handle);
            }
            return false;
        }
        return true;
    }

    private void onFinished(GatewayMessage.JobFinished finished) {
        ClientJobHandle<?> handle = handles.remove(finished.jobId());
        if (handle == null) {
            return;
        }
        submitted.remove(finished.jobId());
        int received = handle.outcomeCount();
        if (finished.state() != JobState.CANCELLED && received < finished.succeeded() + finished.failed()) {
            // never expected; but rather a loud failure than a silent gap in the results
            handle.failLocally(new TaskgridException("Job " + finished.jobId() + " ended with "
                    + (finished.succeeded() + finished.failed()) + " outcomes on the coordinator, but this client "
                    + "received " + received + "; attach to it again (TaskgridClient.attach) to collect the rest"));
            return;
        }
        client.resultsCollected(finished.jobId()); // before the handle completes: a caller that then closes the client must not lose it
        handle.onFinished(finished.state(), finished.reason());
    }
}

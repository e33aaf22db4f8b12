package io.taskgrid.deploy.cli;

import io.taskgrid.ClusterStatus;
import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.Progress;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridExecutorService;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client that remembers the jobs a program submits, so the CLI can show their progress and outcome. */
final class RecordingClient implements TaskgridClient {

    private final TaskgridClient client;
    private final Path[] jars;
    private final List<JobHandle<?>> submitted = new CopyOnWriteArrayList<>();

    /** Records what {@code client} submits, shipping {@code jars} with every job. */
    RecordingClient(TaskgridClient client, List<Path> jars) {
        this.client = client;
        this.jars = jars.toArray(Path[]::new);
    }

    @Override
    public <R> JobHandle<R> submit(Job<R> job) {
        JobHandle<R> handle = client.submit(jars.length == 0 ? job : job.withJars(jars));
        submitted.add(handle);
        return handle;
    }

    @Override
    public <R> JobHandle<R> attach(String jobId) {
        JobHandle<R> handle = client.attach(jobId);
        submitted.add(handle);
        return handle;
    }

    @Override
    public void cancel(String jobId) {
        client.cancel(jobId);
    }

    @Override
    public void drain(String workerId) {
        client.drain(workerId);
    }

    @Override
    public TaskgridExecutorService executor() {
        return client.executor();
    }

    @Override
    public ClusterStatus status() {
        return client.status();
    }

    @Override
    public String address() {
        return client.address();
    }

    @Override
    public void close() {
        client.close();
    }

    /** The jobs submitted so far, in order. */
    List<JobHandle<?>> submitted() {
        return submitted;
    }

    /** The progress of all submitted jobs together. */
    Progress progress() {
        int total = 0;
        int succeeded = 0;
        int failed = 0;
        int running = 0;
        double partial = 0;
        for (JobHandle<?> job : submitted) {
            Progress p = job.progress();
            total += p.total();
            succeeded += p.succeeded();
            failed += p.failed();
            running += p.running();
            partial += p.partial();
        }
        return new Progress(total, succeeded, failed, running, partial);
    }
}

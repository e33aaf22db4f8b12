package io.taskgrid.cluster;

import com.esotericsoftware.kryo.Kryo;
import io.taskgrid.internal.serialization.WireKryo;

/**
 * Kryo ids of the coordinator ↔ worker messages (100–199), on top of the shared types and the
 * subtask sources of {@link WireKryo}. Every JVM of a cluster must run the same registrations.
 */
public final class ClusterKryo {

    private ClusterKryo() {
    }

    /** A Kryo for the cluster wire: registered classes only. */
    public static Kryo newClusterKryo() {
        Kryo kryo = WireKryo.newStrictKryo();
        WireKryo.registerShared(kryo);
        kryo.register(CoordinatorMessage.RegisterWorker.class, 100);
        kryo.register(CoordinatorMessage.RequestSubtasks.class, 101);
        kryo.register(CoordinatorMessage.SubtasksReported.class, 102);
        kryo.register(CoordinatorMessage.JobReport.class, 103);
        kryo.register(CoordinatorMessage.FailedAttempt.class, 104);
        kryo.register(WorkerMessage.WorkerRegistered.class, 120);
        kryo.register(WorkerMessage.RunSubtasks.class, 121);
        kryo.register(WorkerMessage.ReleaseJobs.class, 122);
        WireKryo.registerSubtaskSources(kryo);
        kryo.register(JobCode.class, 123); // 124, JobCode.Kind until JobCode carried a SubtaskSource, is free
        kryo.register(WorkerMessage.RegistrationRefused.class, 125);
        kryo.register(io.taskgrid.internal.protocol.ArtifactRef.class, 126);
        kryo.register(ArtifactMessage.FetchArtifactChunk.class, 127);
        kryo.register(WorkerMessage.ArtifactChunk.class, 128);
        kryo.register(CoordinatorMessage.WorkerActivity.class, 129);
        kryo.register(CoordinatorMessage.ActivitySegment.class, 130);
        kryo.register(WorkerMessage.Drain.class, 131);
        return kryo;
    }
}

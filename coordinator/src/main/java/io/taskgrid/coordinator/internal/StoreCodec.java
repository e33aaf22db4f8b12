package io.taskgrid.coordinator.internal;

import com.esotericsoftware.kryo.Kryo;
import io.taskgrid.ClusterStatus;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.SubtaskFailure;
import io.taskgrid.internal.serialization.KryoPool;
import io.taskgrid.internal.serialization.WireKryo;

import java.util.List;

/**
 * The state store's own format: the gateway's Kryo-encoded records, plus the batch that groups
 * one flush of a job's outcomes. Values are byte arrays, so Hazelcast needs none of our classes.
 */
final class StoreCodec {

    /** What one flush of a job's outcomes writes: one entry, whatever the number of workers. */
    record OutcomeBatch(List<GatewayMessage.SubtaskResults> results, List<SubtaskFailure> failures) {
    }

    private final KryoPool kryo = new KryoPool(() -> {
        Kryo kryo = WireKryo.newGatewayKryo();
        kryo.register(OutcomeBatch.class, 200);
        return kryo;
    });

    byte[] encodeSpec(JobSpec spec) {
        return kryo.encode(spec);
    }

    JobSpec decodeSpec(byte[] bytes) {
        return (JobSpec) kryo.decode(bytes);
    }

    /**
     * An end record without its job's id, which is its key: half of a small job's record
     * otherwise, kept for every ended job. (A record written with the id reads back the same.)
     */
    byte[] encodeEnd(ClusterStatus.JobInfo ended) {
        return kryo.encode(new ClusterStatus.JobInfo("", ended.name(), ended.state(), ended.total(), ended.succeeded(),
                ended.failed(), ended.running(), ended.submittedAtMillis()));
    }

    ClusterStatus.JobInfo decodeEnd(String jobId, byte[] bytes) {
        ClusterStatus.JobInfo stored = (ClusterStatus.JobInfo) kryo.decode(bytes);
        return new ClusterStatus.JobInfo(jobId, stored.name(), stored.state(), stored.total(), stored.succeeded(),
                stored.failed(), stored.running(), stored.submittedAtMillis());
    }

    byte[] encodeBatch(OutcomeBatch batch) {
        return kryo.encode(batch);
    }

    OutcomeBatch decodeBatch(byte[] bytes) {
        return (OutcomeBatch) kryo.decode(bytes);
    }
}

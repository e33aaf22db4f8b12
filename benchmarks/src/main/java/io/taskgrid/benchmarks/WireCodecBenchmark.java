package io.taskgrid.benchmarks;

import io.taskgrid.cluster.ClusterKryo;
import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.serialization.KryoPool;
import io.taskgrid.internal.serialization.WireKryo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The wire codec on the hot path, per subtask: a batch of {@value #BATCH} results as the gateway
 * sends them to a client, and as a worker reports them to the coordinator, encoded and decoded
 * with Taskgrid's registered Kryo. Baseline: the same batch through JDK serialization.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireCodecBenchmark {

    static final int BATCH = 1_000;

    private final KryoPool gateway = new KryoPool(WireKryo::newGatewayKryo);
    private final KryoPool cluster = new KryoPool(ClusterKryo::newClusterKryo);
    private GatewayMessage.SubtaskResults results;
    private CoordinatorMessage.SubtasksReported report;
    private byte[] encodedResults;
    private byte[] encodedReport;
    private byte[] serializedResults;

    @Setup
    public void prepare() throws IOException {
        int[] indices = new int[BATCH];
        int[] attempts = new int[BATCH];
        EncodedItems.Builder builder = new EncodedItems.Builder(BATCH);
        for (int i = 0; i < BATCH; i++) {
            indices[i] = 1_000_000 + i;
            attempts[i] = 1;
            builder.add(new byte[]{2, (byte) i, 0, 0, 0, 0, 0, 0}); // a Kryo-encoded long, about
        }
        EncodedItems values = builder.build();
        results = new GatewayMessage.SubtaskResults("job-0123456789", "worker-1", indices, values);
        List<CoordinatorMessage.JobReport> jobs = new ArrayList<>();
        jobs.add(new CoordinatorMessage.JobReport("job-0123456789", new int[0], new int[0], indices, attempts, values,
                new ArrayList<>(), 1_000_000, 0, new int[0], new double[0]));
        report = new CoordinatorMessage.SubtasksReported("worker-1", jobs, 1, 0);
        encodedResults = gateway.encode(results);
        encodedReport = cluster.encode(report);
        serializedResults = jdkSerialize();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] encodeResultsForTheClient() {
        return gateway.encode(results);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object decodeResultsAtTheClient() {
        return gateway.decode(encodedResults);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] encodeWorkerReport() {
        return cluster.encode(report);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object decodeWorkerReport() {
        return cluster.decode(encodedReport);
    }

    /** Baseline: the same batch (job id, worker id, indices, values) through JDK serialization. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] baselineJdkSerialize() throws IOException {
        return jdkSerialize();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object baselineJdkDeserialize() throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serializedResults))) {
            return in.readObject();
        }
    }

    private byte[] jdkSerialize() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Object[]{results.jobId(), results.workerId(), results.indices(), results.values().blob(),
                    results.values().offsets()});
        }
        return bytes.toByteArray();
    }
}

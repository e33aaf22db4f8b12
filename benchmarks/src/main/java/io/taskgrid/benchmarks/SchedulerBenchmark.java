package io.taskgrid.benchmarks;

import io.taskgrid.coordinator.scheduling.Instruction;
import io.taskgrid.coordinator.scheduling.Scheduler;
import io.taskgrid.coordinator.scheduling.SchedulerEvent;
import io.taskgrid.internal.protocol.EncodedItems;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler's assign/complete loop in isolation, per subtask: a job of {@value #SUBTASKS}
 * subtasks handed to two workers in batches of {@code batch} credits, each batch reported back as
 * succeeded, until the job finishes. This is the work the job manager's thread does per subtask,
 * without messaging.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SchedulerBenchmark {

    static final int SUBTASKS = 100_000;
    private static final byte[] VALUE = {2, 42};
    private static final String[] WORKERS = {"worker-1", "worker-2"};

    @Param({"16", "256"})
    public int batch;

    @Benchmark
    @OperationsPerInvocation(SUBTASKS)
    public int assignAndComplete() {
        Scheduler scheduler = new Scheduler();
        for (String worker : WORKERS) {
            scheduler.handle(new SchedulerEvent.WorkerJoined(worker, 1));
        }
        scheduler.handle(new SchedulerEvent.JobSubmitted("job", SUBTASKS, 1));
        ArrayDeque<Instruction.Assign> handedOut = new ArrayDeque<>();
        int done = 0;
        int instructions = 0;
        while (done < SUBTASKS) {
            for (String worker : WORKERS) {
                instructions += collect(scheduler.handle(new SchedulerEvent.CreditsGranted(worker, batch)), handedOut);
            }
            while (!handedOut.isEmpty()) { // each batch comes back succeeded, which may hand out the next
                Instruction.Assign assign = handedOut.poll();
                EncodedItems values = values(assign.indices().length);
                instructions += collect(scheduler.handle(new SchedulerEvent.SubtasksSucceeded(assign.workerId(), "job",
                        assign.indices(), assign.attempts(), values, 1_000)), handedOut);
                done += assign.indices().length;
            }
        }
        return instructions;
    }

    /**
     * As a running worker drives it: each worker keeps four batches' worth of credits out and,
     * whenever it reports the oldest {@code batch} subtasks it holds, grants as many credits again,
     * so what a worker holds is a window sliding over the job's indices.
     */
    @Benchmark
    @OperationsPerInvocation(SUBTASKS)
    public int slidingWindow() {
        Scheduler scheduler = new Scheduler();
        Map<String, ArrayDeque<int[]>> held = new HashMap<>(); // per worker: {index, attempt}, oldest first
        for (String worker : WORKERS) {
            scheduler.handle(new SchedulerEvent.WorkerJoined(worker, 1));
            held.put(worker, new ArrayDeque<>());
        }
        scheduler.handle(new SchedulerEvent.JobSubmitted("job", SUBTASKS, 1));
        for (String worker : WORKERS) {
            hold(scheduler.handle(new SchedulerEvent.CreditsGranted(worker, 4 * batch)), held);
        }
        int done = 0;
        while (done < SUBTASKS) {
            for (String worker : WORKERS) {
                ArrayDeque<int[]> window = held.get(worker);
                int n = Math.min(batch, window.size());
                int[] indices = new int[n];
                int[] attempts = new int[n];
                for (int i = 0; i < n; i++) {
                    int[] subtask = window.poll();
                    indices[i] = subtask[0];
                    attempts[i] = subtask[1];
                }
                hold(scheduler.handle(new SchedulerEvent.SubtasksSucceeded(worker, "job", indices, attempts,
                        values(n), 1_000)), held);
                hold(scheduler.handle(new SchedulerEvent.CreditsGranted(worker, n)), held);
                done += n;
            }
        }
        return done;
    }

    /** {@code n} results as a worker reports them. */
    private static EncodedItems values(int n) {
        EncodedItems.Builder values = new EncodedItems.Builder(n);
        for (int i = 0; i < n; i++) {
            values.add(VALUE);
        }
        return values.build();
    }

    private static void hold(List<Instruction> instructions, Map<String, ArrayDeque<int[]>> held) {
        for (Instruction instruction : instructions) {
            if (instruction instanceof Instruction.Assign assign) {
                for (int i = 0; i < assign.indices().length; i++) {
                    held.get(assign.workerId()).add(new int[] {assign.indices()[i], assign.attempts()[i]});
                }
            }
        }
    }

    private static int collect(List<Instruction> instructions, ArrayDeque<Instruction.Assign> handedOut) {
        for (Instruction instruction : instructions) {
            if (instruction instanceof Instruction.Assign assign) {
                handedOut.add(assign);
            }
        }
        return instructions.size();
    }
}

package io.taskgrid.internal.serialization;

import io.taskgrid.TaskgridException;

import java.lang.management.ManagementFactory;
import java.util.IntSummaryStatistics;

/**
 * Round-trips every value of {@link PayloadSamples} and prints one line each ({@code ok NAME} or
 * {@code FAILED NAME: why}), then how a class that needs a flag is refused. Exits with 1 when a
 * sample failed. {@link PayloadWithoutFlagsTest} runs it in a JVM started without flags.
 */
public final class PayloadSamplesMain {

    private PayloadSamplesMain() {
    }

    /** Runs the samples; no arguments. */
    public static void main(String[] args) {
        System.out.println("jvm arguments: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        PayloadCodec codec = new PayloadCodec(PayloadSamplesMain.class.getClassLoader());
        int failed = 0;
        for (PayloadSamples.Sample sample : PayloadSamples.all()) {
            String problem;
            try {
                problem = sample.check(codec);
            } catch (RuntimeException e) {
                e.printStackTrace();
                problem = e.toString();
            }
            System.out.println(problem == null ? "ok " + sample.name() : "FAILED " + sample.name() + ": " + problem);
            failed += problem == null ? 0 : 1;
        }
        try {
            codec.encode(new IntSummaryStatistics(), "result 0");
            System.out.println("FAILED: sent an IntSummaryStatistics, whose fields java.base keeps closed");
            failed++;
        } catch (TaskgridException e) {
            System.out.println("refused: " + e.getMessage());
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}

package io.taskgrid.internal.serialization;

import io.taskgrid.TaskgridException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IntSummaryStatistics;

/**
 * Round-trips every value of {@link PayloadSamples} and prints one line each ({@code ok NAME} or
 * {@code FAILED NAME: why}), then how a class that needs a flag is refused. Exits with 1 when a
 * sample failed. Given a file, it decodes the payload in it instead and prints the value or why
 * it was refused. {@link PayloadWithoutFlagsTest} runs it in a JVM started without flags.
 */
public final class PayloadSamplesMain {

    private PayloadSamplesMain() {
    }

    /** Runs the samples; with a file as the argument, decodes that file's payload instead. */
    public static void main(String[] args) throws IOException {
        System.out.println("jvm arguments: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        PayloadCodec codec = new PayloadCodec(PayloadSamplesMain.class.getClassLoader());
        if (args.length == 1) {
            receive(codec, Path.of(args[0]));
            return;
        }
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

    private static void receive(PayloadCodec codec, Path payload) throws IOException {
        try {
            System.out.println("received: " + codec.decode(Files.readAllBytes(payload)));
        } catch (RuntimeException e) {
            System.out.println("refused on receipt: " + e.getMessage());
        }
    }
}

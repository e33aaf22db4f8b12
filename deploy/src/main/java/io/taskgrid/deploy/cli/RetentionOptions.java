package io.taskgrid.deploy.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** How long and in how much memory a coordinator keeps ended jobs: the options of {@code coordinator} and {@code local}. */
final class RetentionOptions {

    @Option(names = "--retention", defaultValue = "1h", paramLabel = "DURATION",
            description = "How long an ended job is kept, with the results no client collected, for 'attach' and "
                    + "the HTTP API, such as 30m or 2h (default: ${DEFAULT-VALUE}).")
    String retention;

    @Option(names = "--retention-size", defaultValue = "25%", paramLabel = "SIZE",
            description = "How much of the heap the ended jobs kept may take, such as 256m, 1g or 25%% (of the heap); "
                    + "past it the oldest go first, before their retention time (default: ${DEFAULT-VALUE}).")
    String retentionSize;

    Duration time() {
        return Durations.parse(retention, "--retention");
    }

    long bytes() {
        return MemorySizes.parse(retentionSize, "--retention-size", Runtime.getRuntime().maxMemory());
    }
}

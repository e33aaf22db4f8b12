package io.taskgrid.deploy;

import io.taskgrid.deploy.cli.Cli;
import org.slf4j.LoggerFactory;

/** The {@code taskgrid} command line's entry point; see {@code taskgrid --help}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LoggerFactory.getILoggerFactory(); // before Pekko and Hazelcast start logging from other threads
        System.exit(Cli.run(args));
    }
}

package io.taskgrid.deploy;

import io.taskgrid.deploy.cli.Cli;

/** The {@code taskgrid} command line's entry point; see {@code taskgrid --help}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }
}

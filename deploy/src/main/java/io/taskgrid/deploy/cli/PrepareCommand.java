package io.taskgrid.deploy.cli;

import io.taskgrid.deploy.ClassDataArchive;
import io.taskgrid.deploy.ClassDataTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code taskgrid prepare}: writes the class-data archive that makes this installation's JVMs start faster. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Write a class-data archive (Java AppCDS) of the classes Taskgrid's JVMs load, so that every "
                + "later coordinator, worker and client of this installation starts with them already parsed and "
                + "verified: about half the CPU of a start.",
                "The build runs it. Run it again after changing the JDK: a JVM whose archive does not fit starts "
                        + "without it. Set TASKGRID_CDS=off to start without it. Takes about half a minute."})
final class PrepareCommand implements Callable<Integer> {

    @Option(names = "--archive", paramLabel = "FILE",
            description = "Where to write it (default: cds/taskgrid.jsa in this installation, where bin/taskgrid "
                    + "looks for it).")
    Path archive;

    @Option(names = ClassDataTraining.OPTION, hidden = true)
    boolean trainingRun;

    @Override
    public Integer call() throws Exception {
        Logging.quiet();
        if (trainingRun) {
            ClassDataTraining.run();
            return 0;
        }
        Path target = archive != null ? archive : ClassDataArchive.defaultPath();
        if (target == null) {
            throw new IllegalArgumentException("this taskgrid does not run from an installation's lib/ folder: "
                    + "name the archive with --archive");
        }
        System.err.println("taskgrid prepare: a training run of a coordinator, a worker and a client writes " + target);
        long bytes = ClassDataArchive.create(target);
        System.out.printf("wrote %s (%d MiB)%n", target, bytes >> 20);
        return 0;
    }
}

package io.taskgrid.deploy.cli;

import io.taskgrid.deploy.LocalCluster;
import picocli.CommandLine.Command;
import io.taskgrid.internal.Secrets;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code taskgrid local}: a coordinator here and worker processes on this machine, until interrupted. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Run a whole cluster on this machine: a coordinator in this process and worker processes.",
                "Prints 'ready: gateway=HOST:PORT http=HOST:PORT workers=N' when every worker has joined,",
                "then runs until interrupted (Ctrl-C or SIGTERM), and stops its workers on the way out.",
                "Workers start at most one per core at a time. A worker process that dies is started again",
                "(at most N+3 restarts a minute), saying so on stderr; a drained one (exit code 0) is not."})
final class LocalCommand implements Callable<Integer> {

    @Option(names = "--workers", defaultValue = "2", description = "How many worker processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--threads", description = "CPU threads per worker (default: the cores divided among the workers).")
    Integer threads;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The file with the cluster's token, created with a new random token if missing, so that "
                    + "clients on this machine find it (default: $" + Secrets.TOKEN_ENV + ", else $"
                    + Secrets.TOKEN_FILE_ENV + ", else ~/.taskgrid/token).")
    Path tokenFile;

    @Mixin
    RetentionOptions retention = new RetentionOptions();

    @Override
    public Integer call() throws InterruptedException {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, not " + workers);
        }
        int threadsPerWorker = threads != null ? threads : LocalCluster.defaultThreads(workers);
        LocalCluster cluster = LocalCluster.start(workers, threadsPerWorker, Secrets.forCoordinator(tokenFile),
                retention.time(), retention.bytes());
        System.out.println("ready: gateway=" + cluster.gatewayAddress() + " http=" + cluster.httpAddress()
                + " workers=" + workers);
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "taskgrid-local-stop"));
        new CountDownLatch(1).await();
        return 0;
    }
}

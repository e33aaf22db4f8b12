package io.taskgrid.deploy;

import io.taskgrid.TaskgridClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local cluster (a coordinator here, worker JVMs) and a client, shared by the tests of one
 * class: {@code @RegisterExtension static final SharedCluster shared = new SharedCluster(2, 1);}.
 */
final class SharedCluster implements BeforeAllCallback, AfterAllCallback {

    private final int workers;
    private final int threadsPerWorker;
    private LocalCluster cluster;
    private TaskgridClient client;

    SharedCluster(int workers, int threadsPerWorker) {
        this.workers = workers;
        this.threadsPerWorker = threadsPerWorker;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = LocalCluster.start(workers, threadsPerWorker);
        client = cluster.connect();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    LocalCluster cluster() {
        return cluster;
    }

    TaskgridClient client() {
        return client;
    }
}

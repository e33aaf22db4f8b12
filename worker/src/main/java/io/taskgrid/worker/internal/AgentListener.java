package io.taskgrid.worker.internal;

import io.taskgrid.worker.WorkerNode;

import java.util.List;

/** What a {@link WorkerAgent} tells the {@link WorkerNode} that runs it, on the agent's thread. */
public interface AgentListener {

    /** The coordinator registered this worker as {@code workerId}. */
    void registered(String workerId);

    /** Coordinators are in sight now, at these cluster addresses (host:port): where to join again. */
    void coordinatorsInSight(List<String> clusterAddresses);

    /** The worker stops for good, on purpose: drained, or refused by the coordinator for {@code reason}. */
    void stopsForGood(WorkerNode.Ending why, String reason);
}

package io.taskgrid.cluster;

/**
 * Marker for every message that crosses between coordinator and worker JVMs. Pekko serializes
 * each with {@link KryoClusterSerializer} (see the binding in {@link ClusterConfig}); a class
 * that is not registered in {@link ClusterKryo} fails loudly instead of falling back to Java
 * serialization.
 */
public interface ClusterMessage {
}

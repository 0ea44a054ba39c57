package dev.berth.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.lifecycle.ServiceDocument;

import java.time.Duration;

/**
 * What {@code berth node drain} and {@code berth cluster nodes|services} ask of the scheduler bridge.
 */
public interface ClusterOperations
{
    /** Stops placing new work on this node; returns the node's entry. */
    JsonNode drain();

    /** Allows placement on this node again. */
    JsonNode undrain();

    boolean draining();

    JsonNode nodes();

    JsonNode services();

    /** Whether {@code berth deploy} goes to a cluster scheduler (etcd mode) rather than this node's ServiceManager. */
    default boolean submitsToCluster()
    {
        return false;
    }

    /**
     * Submits a deploy document to the cluster; returns {@code {"services": [{service, generation, replicas, status,
     * submitted: true}]}}. Placement follows asynchronously ({@code berth cluster services}).
     *
     * @throws dev.berth.core.error.InvalidSpec for a bad document
     */
    default JsonNode submit(String deployment)
    {
        throw new dev.berth.core.error.Unsupported("cluster submission: this node is not part of a cluster (bridge.mode=embedded)");
    }

    /**
     * Runs a {@code berth run} service through the cluster: submits it, waits up to {@code wait} for it to be placed and
     * started, and returns {@code {service, id, node, address, status, message}}.
     *
     * @throws dev.berth.core.error.RouteToPeer when no node of the cluster can run it, with the remedies
     */
    /** Removes a service from the cluster: the node running it stops it. @throws dev.berth.core.error.NotFound */
    default void remove(String service)
    {
        throw new dev.berth.core.error.Unsupported("cluster remove: this node is not part of a cluster (bridge.mode=embedded)");
    }

    default JsonNode run(ServiceDocument document, Duration wait)
    {
        throw new dev.berth.core.error.Unsupported("cluster run: this node is not part of a cluster (bridge.mode=embedded)");
    }
}

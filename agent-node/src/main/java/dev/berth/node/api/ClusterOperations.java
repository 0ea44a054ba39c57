package dev.berth.node.api;

import com.fasterxml.jackson.databind.JsonNode;

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
}

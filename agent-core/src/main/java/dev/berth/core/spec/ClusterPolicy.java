package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a service behaves in a cluster ({@code cluster:} in the spec). Only the scheduler bridge reads it; on a node
 * alone it changes nothing.
 *
 * @param onDisconnect what a node does with the service's replicas once it has been cut off etcd for
 *         {@code bridge.etcd.fence-after}: {@code stop} them (the default: the cluster re-places the service, and
 *         two copies must not run), or {@code keep} them running until the node is back
 */
public record ClusterPolicy(OnDisconnect onDisconnect)
{
    public static final ClusterPolicy DEFAULT = new ClusterPolicy(OnDisconnect.STOP);

    public enum OnDisconnect
    {
        STOP,
        KEEP
    }

    public ClusterPolicy
    {
        requireNonNull(onDisconnect, "onDisconnect is null");
    }

    static ClusterPolicy read(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).map(r -> {
            OnDisconnect onDisconnect = r.enumValue("onDisconnect", OnDisconnect.class, OnDisconnect.STOP);
            r.finish();
            return new ClusterPolicy(onDisconnect);
        }).orElse(DEFAULT);
    }
}

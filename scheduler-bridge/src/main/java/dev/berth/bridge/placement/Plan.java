package dev.berth.bridge.placement;

import static java.util.Objects.requireNonNull;

import dev.berth.bridge.ClusterService;

import java.util.Map;
import java.util.Set;

/**
 * The planner's answer: for each service, node to replicas (nodes with none are absent), each service's status, and
 * for each service the nodes chosen because they held its image already.
 */
public record Plan(Map<String, Map<String, Integer>> assignments, Map<String, ClusterService> statuses, Map<String, Set<String>> heldImage)
{
    public Plan
    {
        assignments = Map.copyOf(requireNonNull(assignments, "assignments is null"));
        statuses = Map.copyOf(requireNonNull(statuses, "statuses is null"));
        heldImage = Map.copyOf(requireNonNull(heldImage, "heldImage is null"));
    }

    public boolean heldImage(String service, String node)
    {
        return heldImage.getOrDefault(service, Set.of()).contains(node);
    }
}

package dev.berth.bridge.placement;

import static java.util.Objects.requireNonNull;

import dev.berth.bridge.ClusterService;

import java.util.Map;

/**
 * The planner's answer: for each service, node to replicas (nodes with none are absent), and each service's status.
 */
public record Plan(Map<String, Map<String, Integer>> assignments, Map<String, ClusterService> statuses)
{
    public Plan
    {
        assignments = Map.copyOf(requireNonNull(assignments, "assignments is null"));
        statuses = Map.copyOf(requireNonNull(statuses, "statuses is null"));
    }
}

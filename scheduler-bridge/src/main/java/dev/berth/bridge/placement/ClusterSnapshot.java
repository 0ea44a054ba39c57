package dev.berth.bridge.placement;

import static java.util.Objects.requireNonNull;

import dev.berth.bridge.NodeState;

import java.util.Map;
import java.util.Set;

/**
 * The whole cluster at one store revision: what the planner decides from.
 *
 * @param members every node ever registered, by id, as it last published itself
 * @param alive the ids whose lease is live
 * @param assignments service to node to assignment
 * @param reports service to node to report
 */
public record ClusterSnapshot(
        long revision,
        Map<String, NodeState> members,
        Set<String> alive,
        Map<String, ServiceRecord> services,
        Map<String, Map<String, AssignmentRecord>> assignments,
        Map<String, Map<String, NodeReport>> reports)
{
    public ClusterSnapshot
    {
        members = Map.copyOf(requireNonNull(members, "members is null"));
        alive = Set.copyOf(requireNonNull(alive, "alive is null"));
        services = Map.copyOf(requireNonNull(services, "services is null"));
        assignments = Map.copyOf(requireNonNull(assignments, "assignments is null"));
        reports = Map.copyOf(requireNonNull(reports, "reports is null"));
    }

    public Map<String, AssignmentRecord> assignmentsOf(String service)
    {
        return assignments.getOrDefault(service, Map.of());
    }

    public Map<String, NodeReport> reportsOf(String service)
    {
        return reports.getOrDefault(service, Map.of());
    }
}

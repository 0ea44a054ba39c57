package dev.berth.bridge;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A service as {@code berth cluster services} shows it.
 *
 * @param placements node id to the replicas assigned there
 * @param excluded node id to the reason that node answered with a placement signal for this generation
 */
public record ClusterService(
        String name,
        long generation,
        int replicas,
        ServicePhase phase,
        String message,
        Map<String, Integer> placements,
        Map<String, String> excluded,
        String submittedBy)
{
    public ClusterService
    {
        requireNonNull(name, "name is null");
        requireNonNull(phase, "phase is null");
        requireNonNull(message, "message is null");
        placements = Map.copyOf(requireNonNull(placements, "placements is null"));
        excluded = Map.copyOf(requireNonNull(excluded, "excluded is null"));
        requireNonNull(submittedBy, "submittedBy is null");
    }

    public boolean settled()
    {
        return phase == ServicePhase.RUNNING || phase == ServicePhase.FAILED;
    }
}

package dev.berth.bridge.placement;

import static java.util.Objects.requireNonNull;

/** The scheduler's decision that {@code node} runs {@code replicas} of {@code service} at {@code generation}. */
public record AssignmentRecord(String service, String node, int replicas, long generation)
{
    public AssignmentRecord
    {
        requireNonNull(service, "service is null");
        requireNonNull(node, "node is null");
    }
}

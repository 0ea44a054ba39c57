package dev.berth.bridge.placement;

import static java.util.Objects.requireNonNull;

/**
 * The scheduler's decision that {@code node} runs {@code replicas} of {@code service} at {@code generation};
 * {@code heldImage} when the node was chosen because it held the service's image already (kept for the status).
 */
public record AssignmentRecord(String service, String node, int replicas, long generation, boolean heldImage)
{
    public AssignmentRecord
    {
        requireNonNull(service, "service is null");
        requireNonNull(node, "node is null");
    }

    public AssignmentRecord(String service, String node, int replicas, long generation)
    {
        this(service, node, replicas, generation, false);
    }
}

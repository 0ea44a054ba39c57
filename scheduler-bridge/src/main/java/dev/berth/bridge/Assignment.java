package dev.berth.bridge;

import static java.util.Objects.requireNonNull;

/**
 * This node's share of a service: the service with {@code replicas} set to the count this node runs.
 *
 * @param generation the service's submission number; a re-deploy increases it
 * @param epoch the assignment's revision in the scheduler's store; a later assignment of the same service always has
 *        a larger epoch, so a stale one is never applied over a newer one
 */
public record Assignment(ServiceDefinition service, int replicas, long generation, long epoch)
{
    public Assignment
    {
        requireNonNull(service, "service is null");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas is negative: " + replicas);
        }
    }

    public String name()
    {
        return service.name();
    }
}

package dev.berth.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A deployed service as the store keeps it: the spec document it was deployed from (JSON), the replicas wanted,
 * whether a user stopped it, and when it was last written.
 */
public record ServiceRecord(String name, String document, int desiredReplicas, boolean stoppedByUser, Instant updated)
{
    public ServiceRecord
    {
        requireNonNull(name, "name is null");
        requireNonNull(document, "document is null");
        requireNonNull(updated, "updated is null");
    }

    public ServiceRecord withStoppedByUser(boolean stopped)
    {
        return new ServiceRecord(name, document, desiredReplicas, stopped, Instant.now());
    }
}

package dev.berth.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One deployed version of a service's spec document, numbered from 1 per service, kept so an update can roll back. */
public record ServiceRevision(String service, long revision, String document, Instant created)
{
    public ServiceRevision
    {
        requireNonNull(service, "service is null");
        requireNonNull(document, "document is null");
        requireNonNull(created, "created is null");
        if (revision < 1) {
            throw new IllegalArgumentException("revision " + revision + " is below 1");
        }
    }
}

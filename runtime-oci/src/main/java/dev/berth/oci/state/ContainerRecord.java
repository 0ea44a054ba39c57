package dev.berth.oci.state;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the backend remembers about a container on disk, so a new agent JVM can list and manage containers an
 * earlier one created.
 *
 * @param stopSignal the signal stop sends before SIGKILL (the image's StopSignal, else SIGTERM)
 * @param failure why create or start failed, kept for inspection
 */
public record ContainerRecord(
        String id,
        String service,
        String image,
        Instant createdAt,
        Optional<Instant> startedAt,
        Map<String, String> annotations,
        int stopSignal,
        Optional<String> failure)
{
    public ContainerRecord
    {
        requireNonNull(id, "id is null");
        requireNonNull(service, "service is null");
        requireNonNull(image, "image is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(startedAt, "startedAt is null");
        annotations = Map.copyOf(requireNonNull(annotations, "annotations is null"));
        requireNonNull(failure, "failure is null");
    }

    /** A record whose stop signal is SIGTERM (kept for callers written before the stop signal was recorded). */
    public ContainerRecord(String id, String service, String image, Instant createdAt, Optional<Instant> startedAt, Map<String, String> annotations,
            Optional<String> failure)
    {
        this(id, service, image, createdAt, startedAt, annotations, 15, failure);
    }

    public ContainerRecord started(Instant time)
    {
        return new ContainerRecord(id, service, image, createdAt, Optional.of(time), annotations, stopSignal, failure);
    }

    public ContainerRecord withStopSignal(int signal)
    {
        return new ContainerRecord(id, service, image, createdAt, startedAt, annotations, signal, failure);
    }

    /** Failed for this error: a Timeout's own message says only how long, what timed out (and was killed) is its cause's. */
    public ContainerRecord failed(AgentError error)
    {
        return failed(error.getCause() instanceof AgentError cause ? error.getMessage() + ": " + cause.getMessage() : error.getMessage());
    }

    public ContainerRecord failed(String reason)
    {
        return new ContainerRecord(id, service, image, createdAt, startedAt, annotations, stopSignal, Optional.of(reason));
    }
}

package dev.berth.youki.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the backend remembers about a container on disk, so a new agent JVM can list and manage containers an
 * earlier one created.
 *
 * @param failure why create or start failed, kept for inspection
 */
public record ContainerRecord(
        String id,
        String service,
        String image,
        Instant createdAt,
        Optional<Instant> startedAt,
        Map<String, String> annotations,
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

    public ContainerRecord started(Instant time)
    {
        return new ContainerRecord(id, service, image, createdAt, Optional.of(time), annotations, failure);
    }

    public ContainerRecord failed(String reason)
    {
        return new ContainerRecord(id, service, image, createdAt, startedAt, annotations, Optional.of(reason));
    }
}

package dev.berth.lifecycle;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A deployed service: its desired replicas, its containers' ids, the revision of its spec it is on (1 until its first
 * rolling update) and that last update, if any.
 */
public record ServiceView(String name, String image, int replicas, List<String> containers, String status, long revision,
        Optional<RolloutView> update)
{
    public ServiceView
    {
        requireNonNull(name, "name is null");
        requireNonNull(image, "image is null");
        containers = List.copyOf(requireNonNull(containers, "containers is null"));
        requireNonNull(status, "status is null");
        requireNonNull(update, "update is null");
    }
}

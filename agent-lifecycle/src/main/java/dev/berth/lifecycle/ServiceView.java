package dev.berth.lifecycle;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A deployed service: its desired replicas and its containers' ids. */
public record ServiceView(String name, String image, int replicas, List<String> containers, String status)
{
    public ServiceView
    {
        requireNonNull(name, "name is null");
        requireNonNull(image, "image is null");
        containers = List.copyOf(requireNonNull(containers, "containers is null"));
        requireNonNull(status, "status is null");
    }
}

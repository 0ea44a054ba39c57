package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.ServiceSpec;

import java.util.Map;

/**
 * What a backend needs to create one container: its id (unique on the node), the service spec, the pulled image,
 * and annotations to record on the container (the agent's own bookkeeping).
 */
public record ContainerRequest(String id, ServiceSpec spec, PulledImage image, Map<String, String> annotations)
{
    public ContainerRequest
    {
        requireNonNull(id, "id is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(image, "image is null");
        annotations = Map.copyOf(requireNonNull(annotations, "annotations is null"));
    }
}

package dev.berth.image.oci;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OCI content descriptor: what a manifest or index says about a blob it points to. */
public record Descriptor(String mediaType, String digest, long size, Optional<Platform> platform, Map<String, String> annotations, List<String> urls)
{
    public Descriptor
    {
        requireNonNull(mediaType, "mediaType is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(platform, "platform is null");
        annotations = Map.copyOf(requireNonNull(annotations, "annotations is null"));
        urls = List.copyOf(requireNonNull(urls, "urls is null"));
    }

    public static Descriptor of(String mediaType, String digest, long size)
    {
        return new Descriptor(mediaType, digest, size, Optional.empty(), Map.of(), List.of());
    }
}

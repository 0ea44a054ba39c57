package dev.berth.image.oci;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A single-platform image manifest, OCI or Docker v2 schema 2. */
public record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers)
        implements ManifestDocument
{
    public ImageManifest
    {
        requireNonNull(mediaType, "mediaType is null");
        requireNonNull(config, "config is null");
        layers = List.copyOf(requireNonNull(layers, "layers is null"));
    }

    /** Compressed size of config and layers: what the store holds for this image. */
    public long contentSize()
    {
        return config.size() + layers.stream().mapToLong(Descriptor::size).sum();
    }
}

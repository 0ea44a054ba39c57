package dev.berth.image.oci;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An OCI image index or a Docker manifest list: one manifest per platform. */
public record ImageIndex(String mediaType, List<Descriptor> manifests)
        implements ManifestDocument
{
    public ImageIndex
    {
        requireNonNull(mediaType, "mediaType is null");
        manifests = List.copyOf(requireNonNull(manifests, "manifests is null"));
    }
}

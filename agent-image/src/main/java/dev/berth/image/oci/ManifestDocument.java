package dev.berth.image.oci;

/** What a manifest endpoint or an index entry returns: a manifest, or an index of manifests. */
public sealed interface ManifestDocument
        permits ImageManifest, ImageIndex
{
    String mediaType();
}

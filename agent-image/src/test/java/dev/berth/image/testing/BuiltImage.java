package dev.berth.image.testing;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image (or index) serialized: its top manifest's digest, media type and bytes, and every blob it needs by digest
 * (child manifests, configs, layers), in push order.
 */
public record BuiltImage(String digest, String mediaType, byte[] manifest, Map<String, byte[]> blobs, List<String> layerDigests, List<String> diffIds)
{
    public BuiltImage
    {
        requireNonNull(digest, "digest is null");
        requireNonNull(mediaType, "mediaType is null");
        requireNonNull(manifest, "manifest is null");
        blobs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(blobs));
        layerDigests = List.copyOf(layerDigests);
        diffIds = List.copyOf(diffIds);
    }

    /** Total bytes of all blobs and the manifest. */
    public long size()
    {
        return manifest.length + blobs.values().stream().mapToLong(blob -> blob.length).sum();
    }
}

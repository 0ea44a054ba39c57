package dev.berth.image.store;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.runtime.PulledImage;
import dev.berth.image.StoredImage;

import java.time.Instant;
import java.util.Optional;

/** One name in the image catalog, as stored in {@code index.json}; variant and osVersion are null when unset. */
public record CatalogEntry(String reference, String digest, String os, String arch, String variant, String osVersion,
                           ImageConfig config, long size, long storedMillis)
{
    public CatalogEntry
    {
        requireNonNull(reference, "reference is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(os, "os is null");
        requireNonNull(arch, "arch is null");
        requireNonNull(config, "config is null");
    }

    public static CatalogEntry of(PulledImage image, long size, Instant stored)
    {
        ImagePlatform platform = image.platform();
        return new CatalogEntry(image.reference(), image.digest(), platform.os(), platform.arch(),
                platform.variant().orElse(null), platform.osVersion().orElse(null), image.config(), size, stored.toEpochMilli());
    }

    public ImagePlatform platform()
    {
        return new ImagePlatform(os, arch, Optional.ofNullable(variant), Optional.ofNullable(osVersion));
    }

    public PulledImage toPulledImage()
    {
        return new PulledImage(reference, digest, platform(), config);
    }

    public StoredImage toStoredImage()
    {
        return new StoredImage(reference, digest, platform(), size, Instant.ofEpochMilli(storedMillis));
    }
}

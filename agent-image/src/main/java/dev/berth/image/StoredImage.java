package dev.berth.image;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.ImagePlatform;

import java.time.Instant;

/** An image in the store, as {@code berth images} lists it. */
public record StoredImage(String reference, String digest, ImagePlatform platform, long size, Instant stored)
{
    public StoredImage
    {
        requireNonNull(reference, "reference is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(platform, "platform is null");
        requireNonNull(stored, "stored is null");
    }
}

package dev.berth.image.oci;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.ImagePlatform;

import java.util.Optional;

/** The platform an index entry or an image config names. */
public record Platform(String os, String architecture, Optional<String> variant, Optional<String> osVersion)
{
    public Platform
    {
        requireNonNull(os, "os is null");
        requireNonNull(architecture, "architecture is null");
        requireNonNull(variant, "variant is null");
        requireNonNull(osVersion, "osVersion is null");
    }

    public ImagePlatform toImagePlatform()
    {
        return new ImagePlatform(os, architecture, variant, osVersion);
    }

    @Override
    public String toString()
    {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("") + osVersion.map(v -> " (" + v + ")").orElse("");
    }
}

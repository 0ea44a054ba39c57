package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

/**
 * An image present in the node's store: the reference it was asked for, its manifest digest, its platform and
 * its config's process defaults. Backends find its layers in the image store by {@code digest}.
 */
public record PulledImage(String reference, String digest, ImagePlatform platform, ImageConfig config)
{
    public PulledImage
    {
        requireNonNull(reference, "reference is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(platform, "platform is null");
        requireNonNull(config, "config is null");
    }
}

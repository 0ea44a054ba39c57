package dev.berth.bridge;

import static java.util.Objects.requireNonNull;

/**
 * An image a node holds in its store: its reference in full ({@code docker.io/library/busybox:latest}, as the
 * agent's image store names it) and its manifest digest.
 */
public record HeldImage(String reference, String digest)
{
    public HeldImage
    {
        requireNonNull(reference, "reference is null");
        requireNonNull(digest, "digest is null");
    }
}

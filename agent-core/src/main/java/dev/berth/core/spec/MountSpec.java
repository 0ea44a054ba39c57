package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

/**
 * A mount into the container. {@code source} is the host path for binds and empty for tmpfs;
 * {@code sizeBytes} bounds a tmpfs (0: the runtime's default).
 */
public record MountSpec(Type type, String source, String target, boolean readOnly, long sizeBytes)
{
    public enum Type
    {
        BIND,
        TMPFS
    }

    public MountSpec
    {
        requireNonNull(type, "type is null");
        requireNonNull(source, "source is null");
        requireNonNull(target, "target is null");
    }
}

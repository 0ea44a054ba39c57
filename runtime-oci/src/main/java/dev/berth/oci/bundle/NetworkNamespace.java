package dev.berth.oci.bundle;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The network namespace a container joins: a fresh private one (loopback only), the host's, or an existing one at
 * {@code path} (a CNI-configured namespace under {@code /var/run/netns}).
 */
public record NetworkNamespace(Kind kind, Optional<String> path)
{
    public enum Kind
    {
        PRIVATE,
        HOST,
        PATH
    }

    public NetworkNamespace
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(path, "path is null");
        if ((kind == Kind.PATH) != path.isPresent()) {
            throw new IllegalArgumentException("a path is required exactly for kind PATH");
        }
    }

    public static NetworkNamespace privateNamespace()
    {
        return new NetworkNamespace(Kind.PRIVATE, Optional.empty());
    }

    public static NetworkNamespace host()
    {
        return new NetworkNamespace(Kind.HOST, Optional.empty());
    }

    public static NetworkNamespace at(String path)
    {
        return new NetworkNamespace(Kind.PATH, Optional.of(path));
    }
}

package dev.berth.gpu.edit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A device node to create in the container, as CDI's {@code deviceNodes} entry: {@code path} inside the container,
 * {@code hostPath} on the host, its type letter ({@code c}, {@code b}), major and minor (always known here:
 * resolved by {@code stat} on the host when the spec leaves them out) and the cgroup permissions.
 */
public record DeviceNode(
        String path,
        String hostPath,
        String type,
        int major,
        int minor,
        String permissions,
        OptionalInt fileMode,
        OptionalInt uid,
        OptionalInt gid)
{
    public DeviceNode
    {
        requireNonNull(path, "path is null");
        requireNonNull(hostPath, "hostPath is null");
        requireNonNull(type, "type is null");
        requireNonNull(permissions, "permissions is null");
        requireNonNull(fileMode, "fileMode is null");
        requireNonNull(uid, "uid is null");
        requireNonNull(gid, "gid is null");
    }

    public static DeviceNode character(String path, int major, int minor)
    {
        return new DeviceNode(path, path, "c", major, minor, "rwm", OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    public Optional<String> hostPathIfDifferent()
    {
        return hostPath.equals(path) ? Optional.empty() : Optional.of(hostPath);
    }
}

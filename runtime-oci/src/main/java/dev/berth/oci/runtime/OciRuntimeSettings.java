package dev.berth.oci.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Function;

/**
 * How to call one OCI runtime: its binary, flavor and absolute state root (all as seen where the transport runs
 * commands), where each container's JSON runtime log goes, and how long calls may take.
 *
 * @param runtimeLogFor the {@code --log} file for a container id
 * @param createTimeout bound on {@code create}, which sets up namespaces, mounts and cgroups
 * @param callTimeout bound on start, state, kill, delete and list
 */
public record OciRuntimeSettings(
        String binary,
        OciFlavor flavor,
        String root,
        Function<String, String> runtimeLogFor,
        Duration createTimeout,
        Duration callTimeout)
{
    public OciRuntimeSettings
    {
        requireNonNull(binary, "binary is null");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(root, "root is null");
        requireNonNull(runtimeLogFor, "runtimeLogFor is null");
        requireNonNull(createTimeout, "createTimeout is null");
        requireNonNull(callTimeout, "callTimeout is null");
        if (!root.startsWith("/")) {
            throw new IllegalArgumentException("runtime root must be absolute: " + root);
        }
    }
}

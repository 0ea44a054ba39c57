package dev.berth.oci.bundle;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.spec.ServiceSpec;

import java.util.Map;

/**
 * Everything an OCI config is generated from. Paths are as the runtime sees them (inside the WSL2 distro for the
 * delegate).
 *
 * @param rootfs the container's root directory (the overlay mount point)
 * @param cgroupsPath the container's cgroup, e.g. {@code /berth/ID}
 * @param hostArch the host's architecture in Go's words (amd64, arm64), to pick the seccomp architectures
 */
public record BundleRequest(
        String id,
        ServiceSpec spec,
        ImageConfig image,
        String rootfs,
        NetworkNamespace network,
        String cgroupsPath,
        Map<String, String> annotations,
        String hostArch)
{
    public BundleRequest
    {
        requireNonNull(id, "id is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(image, "image is null");
        requireNonNull(rootfs, "rootfs is null");
        requireNonNull(network, "network is null");
        requireNonNull(cgroupsPath, "cgroupsPath is null");
        annotations = Map.copyOf(requireNonNull(annotations, "annotations is null"));
        requireNonNull(hostArch, "hostArch is null");
    }
}

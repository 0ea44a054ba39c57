package dev.berth.bridge;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.OsFamily;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a node publishes about itself to the scheduler: identity, platform, usable backends, GPUs, capacity,
 * labels and status. {@code osBuild} is the Windows build ({@code 10.0.20348}) or the Linux kernel release.
 */
public record NodeState(
        String id,
        String address,
        OsFamily os,
        String arch,
        String osBuild,
        List<BackendInfo> backends,
        GpuInventory gpus,
        Capacity capacity,
        Capacity allocatable,
        Map<String, String> labels,
        NodeStatus status)
{
    public NodeState
    {
        requireNonNull(id, "id is null");
        if (id.isBlank() || id.contains("/")) {
            throw new IllegalArgumentException("node id must be non-blank and contain no '/': \"" + id + "\"");
        }
        requireNonNull(address, "address is null");
        requireNonNull(os, "os is null");
        requireNonNull(arch, "arch is null");
        requireNonNull(osBuild, "osBuild is null");
        backends = List.copyOf(requireNonNull(backends, "backends is null"));
        requireNonNull(gpus, "gpus is null");
        requireNonNull(capacity, "capacity is null");
        requireNonNull(allocatable, "allocatable is null");
        labels = Map.copyOf(requireNonNull(labels, "labels is null"));
        requireNonNull(status, "status is null");
    }

    /** Every workload OS some usable backend here serves. */
    public Set<OsFamily> servedOs()
    {
        return backends.stream().flatMap(backend -> backend.os().stream()).collect(Collectors.toUnmodifiableSet());
    }

    public NodeState withStatus(NodeStatus newStatus)
    {
        return new NodeState(id, address, os, arch, osBuild, backends, gpus, capacity, allocatable, labels, newStatus);
    }
}

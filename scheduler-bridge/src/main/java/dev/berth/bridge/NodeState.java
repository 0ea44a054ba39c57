package dev.berth.bridge;

import dev.berth.core.runtime.ImageNames;
import dev.berth.core.spec.OsFamily;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * What a node publishes about itself to the scheduler: identity, platform, usable backends, GPUs, capacity,
 * labels and status. {@code osBuild} is the Windows build ({@code 10.0.20348}) or the Linux kernel release.
 * {@code images} are the images the node holds, most recently stored first, at most {@link #MAX_IMAGES}: the planner
 * prefers a node that need not pull.
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
        NodeStatus status,
        List<HeldImage> images)
{
    /** How many held images a node publishes: enough for the images it runs, small enough for every snapshot. */
    public static final int MAX_IMAGES = 64;

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
        // a node state written before nodes published their images has none
        images = images == null ? List.of() : List.copyOf(images.subList(0, Math.min(images.size(), MAX_IMAGES)));
    }

    /** Every workload OS some usable backend here serves. */
    public Set<OsFamily> servedOs()
    {
        return backends.stream().flatMap(backend -> backend.os().stream()).collect(Collectors.toUnmodifiableSet());
    }

    public NodeState withStatus(NodeStatus newStatus)
    {
        return new NodeState(id, address, os, arch, osBuild, backends, gpus, capacity, allocatable, labels, newStatus, images);
    }

    public NodeState withImages(List<HeldImage> held)
    {
        return new NodeState(id, address, os, arch, osBuild, backends, gpus, capacity, allocatable, labels, status, held);
    }

    /** Whether the node holds {@code image} (a reference as a spec gives it, compared in full; or a digest). */
    public boolean holds(String image)
    {
        String wanted = ImageNames.canonical(image);
        int at = wanted.indexOf('@');
        String digest = at < 0 ? "" : wanted.substring(at + 1);
        return images.stream().anyMatch(held -> held.reference().equals(wanted) || held.digest().equals(digest));
    }
}

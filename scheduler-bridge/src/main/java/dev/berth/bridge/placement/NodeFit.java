package dev.berth.bridge.placement;

import dev.berth.bridge.BackendInfo;
import dev.berth.bridge.NodeState;
import dev.berth.core.composite.PlatformFit;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.Isolation;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.ServiceSpec;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a node can host a service at all, capacity aside: OS (through its usable backends), architecture,
 * Windows build, explicit runtime, GPUs and node labels. A service label {@code berth.node.KEY=VALUE} requires the
 * node label {@code KEY=VALUE}.
 */
public final class NodeFit
{
    public static final String NODE_LABEL_PREFIX = "berth.node.";

    private NodeFit() {}

    /** The OS the spec itself decides (isolation, then platform.os); empty when the image will decide. */
    public static Optional<OsFamily> specOs(ServiceSpec spec)
    {
        if (spec.isolation() != Isolation.AUTO) {
            return Optional.of(OsFamily.WINDOWS);
        }
        return spec.platform().os();
    }

    /** Why {@code node} cannot host {@code spec} when it must run as {@code os}, or empty when it can. */
    public static Optional<String> misfit(NodeState node, ServiceSpec spec, Optional<OsFamily> os)
    {
        Optional<String> runtime = spec.explicitRuntime();
        if (runtime.isPresent() && node.backends().stream().noneMatch(backend -> backend.name().equals(runtime.get()))) {
            return Optional.of("runtime '" + runtime.get() + "' is not usable there (backends: " + backendNames(node) + ")");
        }
        if (os.isPresent() && !node.servedOs().contains(os.get())) {
            return Optional.of("it is a " + node.os() + " node whose backends (" + backendNames(node) + ") serve no " + os.get() + " workload");
        }
        Optional<String> arch = spec.platform().arch();
        if (arch.isPresent() && !PlatformFit.normalArch(arch.get()).equals(PlatformFit.normalArch(node.arch()))) {
            return Optional.of("it is " + node.arch() + ", the service needs " + arch.get());
        }
        Optional<String> osVersion = spec.platform().osVersion();
        if (osVersion.isPresent() && os.orElse(null) == OsFamily.WINDOWS && node.os() == OsFamily.WINDOWS
                && !HostPlatform.buildOf(osVersion.get()).equals(HostPlatform.buildOf(node.osBuild()))) {
            return Optional.of("its Windows build " + node.osBuild() + " is not the service's " + osVersion.get());
        }
        Optional<GpuRequest> gpu = spec.resources().gpu();
        if (gpu.isPresent()) {
            Optional<String> gpuMisfit = gpuMisfit(node, gpu.get());
            if (gpuMisfit.isPresent()) {
                return gpuMisfit;
            }
        }
        for (Map.Entry<String, String> label : spec.labels().entrySet()) {
            if (label.getKey().startsWith(NODE_LABEL_PREFIX)) {
                String key = label.getKey().substring(NODE_LABEL_PREFIX.length());
                if (!label.getValue().equals(node.labels().get(key))) {
                    return Optional.of("it lacks the label " + key + "=" + label.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the node's architecture is one of {@code arches} ({@code arm64}, or {@code arm64|ppc64le}). */
    public static boolean servesArch(NodeState node, String arches)
    {
        for (String arch : arches.split("\\|")) {
            if (PlatformFit.normalArch(arch).equals(PlatformFit.normalArch(node.arch()))) {
                return true;
            }
        }
        return false;
    }

    /** GPU units one replica takes: whole GPUs when exclusive, one sharing slot otherwise. */
    public static int gpuUnitsPerReplica(NodeState node, ServiceSpec spec)
    {
        return spec.resources().gpu().map(gpu -> {
            if (gpu.sharing() != GpuSharing.EXCLUSIVE) {
                return 1;
            }
            int count = gpu.count() == GpuRequest.ALL ? node.gpus().count() : Math.max(gpu.count(), gpu.deviceIds().size());
            return count * node.gpus().sharingCapacity();
        }).orElse(0);
    }

    /** GPU units a node offers: its GPUs times their sharing capacity. */
    public static int gpuUnits(NodeState node)
    {
        return node.gpus().count() * node.gpus().sharingCapacity();
    }

    private static Optional<String> gpuMisfit(NodeState node, GpuRequest gpu)
    {
        int needed = gpu.count() == GpuRequest.ALL ? 1 : Math.max(gpu.count(), gpu.deviceIds().size());
        if (node.gpus().count() < needed) {
            return Optional.of("it has " + node.gpus().count() + " GPU(s), the service needs " + needed);
        }
        if (!gpu.vendor().isEmpty() && !node.gpus().vendor().isEmpty() && !gpu.vendor().equalsIgnoreCase(node.gpus().vendor())) {
            return Optional.of("its GPUs are " + node.gpus().vendor() + ", the service needs " + gpu.vendor());
        }
        if (gpu.sharing() != GpuSharing.EXCLUSIVE && node.gpus().sharingCapacity() < 2) {
            return Optional.of("its GPUs offer no " + gpu.sharing().specName() + " sharing");
        }
        return Optional.empty();
    }

    private static String backendNames(NodeState node)
    {
        return node.backends().isEmpty() ? "none" : String.join(", ", node.backends().stream().map(BackendInfo::name).toList());
    }
}

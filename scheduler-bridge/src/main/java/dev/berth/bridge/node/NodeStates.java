package dev.berth.bridge.node;

import dev.berth.bridge.BackendInfo;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.Capacity;
import dev.berth.bridge.GpuInventory;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.NodeStatus;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.RuntimeBackend;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * Builds this node's {@link NodeState} from what the agent knows: the bridge config (id, address, labels), the
 * detected (or overridden) host platform, the usable backends and the GPU inventory.
 */
public final class NodeStates
{
    private NodeStates() {}

    /**
     * @param reserved what the agent keeps for itself and the OS; allocatable is capacity minus this
     */
    public static NodeState describe(BridgeConfig config, HostPlatform host, Collection<RuntimeBackend> backends, GpuInventory gpus,
            Capacity reserved)
    {
        List<BackendInfo> usable = backends.stream().map(backend -> new BackendInfo(backend.name(), backend.servedOs())).toList();
        Capacity capacity = hostCapacity();
        Capacity allocatable = new Capacity(Math.max(0, capacity.cpuMillis() - reserved.cpuMillis()),
                Math.max(0, capacity.memoryBytes() - reserved.memoryBytes()));
        String build = host.windowsBuild().orElse(host.kernel());
        return new NodeState(config.nodeId(), config.nodeAddress(), host.os(), host.arch(), build, usable, gpus, capacity, allocatable,
                config.nodeLabels(), NodeStatus.READY, List.of());
    }

    /** CPUs and physical memory of this machine as the JVM sees them. */
    public static Capacity hostCapacity()
    {
        long cpuMillis = Runtime.getRuntime().availableProcessors() * 1000L;
        long memory = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new Capacity(cpuMillis, memory);
    }
}

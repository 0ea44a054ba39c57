package dev.berth.bridge.placement;

import dev.berth.bridge.NodeState;
import dev.berth.core.spec.ServiceSpec;

/** What the plan has put on one node so far, against its allocatable capacity. Not thread-safe: one plan's scratch. */
final class NodeLoad
{
    private final NodeState node;
    private long cpuMillis;
    private long memoryBytes;
    private int gpuUnits;
    private int replicas;

    NodeLoad(NodeState node)
    {
        this.node = node;
    }

    /** Whether one more replica of {@code spec} fits; a capacity of 0 (unknown) is not enforced. */
    boolean fits(ServiceSpec spec)
    {
        long cpu = node.allocatable().cpuMillis();
        long memory = node.allocatable().memoryBytes();
        if (cpu > 0 && spec.resources().cpuMillis() > 0 && cpuMillis + spec.resources().cpuMillis() > cpu) {
            return false;
        }
        if (memory > 0 && spec.resources().memoryBytes() > 0 && memoryBytes + spec.resources().memoryBytes() > memory) {
            return false;
        }
        int gpu = NodeFit.gpuUnitsPerReplica(node, spec);
        return gpu == 0 || gpuUnits + gpu <= NodeFit.gpuUnits(node);
    }

    void add(ServiceSpec spec, int count)
    {
        cpuMillis += spec.resources().cpuMillis() * count;
        memoryBytes += spec.resources().memoryBytes() * count;
        gpuUnits += NodeFit.gpuUnitsPerReplica(node, spec) * count;
        replicas += count;
    }

    int replicas()
    {
        return replicas;
    }

    String describe()
    {
        return "cpu " + cpuMillis + "/" + node.allocatable().cpuMillis() + "m, memory " + memoryBytes + "/"
                + node.allocatable().memoryBytes() + "B, gpu " + gpuUnits + "/" + NodeFit.gpuUnits(node);
    }
}

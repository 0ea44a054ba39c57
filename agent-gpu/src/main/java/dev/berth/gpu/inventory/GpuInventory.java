package dev.berth.gpu.inventory;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The node's GPUs, for {@code berth node} and the scheduler.
 *
 * @param timeSliceReplicas time-slice replicas each GPU offers ({@code gpu.time-slice.replicas})
 * @param source how the list was found: {@code nvidia-smi}, {@code sysfs}, or {@code none}
 */
public record GpuInventory(List<GpuDevice> devices, int timeSliceReplicas, String source)
{
    public GpuInventory
    {
        devices = List.copyOf(requireNonNull(devices, "devices is null"));
        requireNonNull(source, "source is null");
    }

    public int count()
    {
        return devices.size();
    }

    /** The distinct models, joined: "NVIDIA A100-SXM4-40GB" or "2 x ..." style is left to the CLI. */
    public String model()
    {
        return devices.stream().map(GpuDevice::model).distinct().collect(Collectors.joining(", "));
    }

    public long totalMemoryBytes()
    {
        return devices.stream().mapToLong(GpuDevice::memoryBytes).sum();
    }

    /** How many time-slice containers the node can hold: GPUs times replicas per GPU. */
    public int timeSliceCapacity()
    {
        return count() * timeSliceReplicas;
    }
}

package dev.berth.gpu.inventory;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One GPU on the node.
 *
 * @param index the device's ordinal, as CUDA and nvidia-smi number it (PCI bus order)
 * @param vendor {@code nvidia}, {@code amd}
 * @param memoryBytes total device memory, 0 when unknown (sysfs alone does not tell it)
 */
public record GpuDevice(int index, String vendor, String model, long memoryBytes, Optional<String> uuid, Optional<String> pciAddress)
{
    public GpuDevice
    {
        requireNonNull(vendor, "vendor is null");
        requireNonNull(model, "model is null");
        requireNonNull(uuid, "uuid is null");
        requireNonNull(pciAddress, "pciAddress is null");
    }
}

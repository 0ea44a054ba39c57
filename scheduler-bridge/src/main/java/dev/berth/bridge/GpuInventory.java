package dev.berth.bridge;

import static java.util.Objects.requireNonNull;

/**
 * A node's GPUs, assumed alike: how many, whose, which model, memory per GPU in bytes, and how many containers may
 * share one GPU (MPS clients or time slices; 1 when the node only offers exclusive use).
 */
public record GpuInventory(int count, String vendor, String model, long memoryBytes, int sharingCapacity)
{
    public static final GpuInventory NONE = new GpuInventory(0, "", "", 0, 1);

    public GpuInventory
    {
        requireNonNull(vendor, "vendor is null");
        requireNonNull(model, "model is null");
        if (count < 0 || memoryBytes < 0 || sharingCapacity < 1) {
            throw new IllegalArgumentException("bad GPU inventory: count=" + count + ", memoryBytes=" + memoryBytes
                    + ", sharingCapacity=" + sharingCapacity);
        }
    }
}

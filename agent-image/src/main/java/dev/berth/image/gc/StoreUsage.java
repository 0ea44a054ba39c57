package dev.berth.image.gc;

/** The image store's file system: its size and what an unprivileged writer may still use (statvfs f_bavail), in bytes. */
public record StoreUsage(long capacityBytes, long availableBytes)
{
    public StoreUsage
    {
        if (capacityBytes < 0 || availableBytes < 0) {
            throw new IllegalArgumentException("negative usage: " + capacityBytes + " capacity, " + availableBytes + " available");
        }
    }

    public long usedBytes()
    {
        return Math.max(0, capacityBytes - availableBytes);
    }

    /** Percent in use, as the kubelet counts it: everything not available to the store is used. 0 for an empty file system. */
    public double usedPercent()
    {
        return capacityBytes == 0 ? 0 : usedBytes() * 100.0 / capacityBytes;
    }

    /** Whether usage is above {@code percent}. */
    public boolean above(int percent)
    {
        return usedPercent() > percent;
    }
}

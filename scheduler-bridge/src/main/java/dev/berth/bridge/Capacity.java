package dev.berth.bridge;

/** CPU in thousandths of a core and memory in bytes; 0 means unknown (not enforced by placement). */
public record Capacity(long cpuMillis, long memoryBytes)
{
    public static final Capacity UNKNOWN = new Capacity(0, 0);

    public Capacity
    {
        if (cpuMillis < 0 || memoryBytes < 0) {
            throw new IllegalArgumentException("capacity cannot be negative: cpuMillis=" + cpuMillis + ", memoryBytes=" + memoryBytes);
        }
    }
}

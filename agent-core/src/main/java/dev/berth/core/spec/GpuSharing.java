package dev.berth.core.spec;

/** How a GPU is shared between containers. */
public enum GpuSharing
{
    EXCLUSIVE("exclusive"),
    MPS("mps"),
    TIME_SLICE("time-slice");

    private final String specName;

    GpuSharing(String specName)
    {
        this.specName = specName;
    }

    public String specName()
    {
        return specName;
    }
}

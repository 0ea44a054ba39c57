package dev.berth.node.pressure;

import static java.util.Objects.requireNonNull;

/** A running container as eviction ranks it: its memory in use and limit (0: none), and its processes. */
public record EvictionCandidate(String id, String service, long memoryBytes, long memoryLimitBytes, long pids)
{
    public EvictionCandidate
    {
        requireNonNull(id, "id is null");
        requireNonNull(service, "service is null");
    }

    public boolean memoryLimited()
    {
        return memoryLimitBytes > 0;
    }

    /**
     * How far memory use exceeds the request, negative when below it. berth's one memory figure, {@code resources.memory},
     * is both request and limit (Kubernetes' Guaranteed class); a container without one requests nothing.
     */
    public long memoryOverRequest()
    {
        return memoryBytes - memoryLimitBytes;
    }
}

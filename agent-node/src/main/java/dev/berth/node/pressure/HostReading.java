package dev.berth.node.pressure;

import static java.util.Objects.requireNonNull;

/**
 * Memory and process ids left on this host for the agent and its containers: the least of the host's figure and, where
 * the agent is confined, its cgroup's. {@code memorySource} and {@code pidsSource} say which figure it was.
 */
public record HostReading(long memoryAvailableBytes, String memorySource, long pidsFree, String pidsSource)
{
    public HostReading
    {
        requireNonNull(memorySource, "memorySource is null");
        requireNonNull(pidsSource, "pidsSource is null");
    }
}

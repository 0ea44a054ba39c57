package dev.berth.core.runtime;

/**
 * Resource use from the container's cgroup: CPU time in nanoseconds, memory in bytes (and its limit, 0 when none),
 * and the number of processes.
 */
public record ContainerStats(long cpuNanos, long memoryBytes, long memoryLimitBytes, long pids)
{
}

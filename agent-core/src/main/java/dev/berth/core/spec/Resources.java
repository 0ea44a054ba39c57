package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Resource limits. Zero means unlimited: {@code cpuMillis} in thousandths of a core, {@code memoryBytes},
 * {@code pids}; {@code cpuShares} 0 leaves the runtime's default weight.
 */
public record Resources(long cpuMillis, long cpuShares, long memoryBytes, long pids, Optional<GpuRequest> gpu)
{
    public static final Resources NONE = new Resources(0, 0, 0, 0, Optional.empty());

    public Resources
    {
        requireNonNull(gpu, "gpu is null");
    }
}

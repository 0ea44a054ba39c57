package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.Isolation;

import java.util.Set;

/** What a backend can do beyond the mandatory lifecycle. */
public record BackendCapabilities(
        boolean exec,
        boolean logs,
        boolean stats,
        boolean tty,
        boolean gpu,
        Set<GpuSharing> gpuSharing,
        Set<Isolation> isolation)
{
    public BackendCapabilities
    {
        gpuSharing = Set.copyOf(requireNonNull(gpuSharing, "gpuSharing is null"));
        isolation = Set.copyOf(requireNonNull(isolation, "isolation is null"));
    }
}

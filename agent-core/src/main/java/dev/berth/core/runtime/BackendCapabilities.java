package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.Isolation;

import java.util.Set;

/**
 * What a backend can do beyond the mandatory lifecycle. Build it with {@link #builder()}, naming what the backend
 * offers: {@code BackendCapabilities.builder().exec().logs().isolation(Isolation.AUTO).build()}; what is not named is
 * not offered.
 */
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

    public static Builder builder()
    {
        return new Builder();
    }

    /** Names each capability; every one starts off. */
    public static final class Builder
    {
        private boolean exec;
        private boolean logs;
        private boolean stats;
        private boolean tty;
        private boolean gpu;
        private Set<GpuSharing> gpuSharing = Set.of();
        private Set<Isolation> isolation = Set.of();

        private Builder() {}

        public Builder exec()
        {
            exec = true;
            return this;
        }

        public Builder logs()
        {
            logs = true;
            return this;
        }

        public Builder stats()
        {
            stats = true;
            return this;
        }

        public Builder tty()
        {
            tty = true;
            return this;
        }

        /** GPUs, when {@code available} (a backend whose GPU support depends on what is installed says which). */
        public Builder gpu(boolean available)
        {
            gpu = available;
            return this;
        }

        /** The GPU sharing modes offered. */
        public Builder gpuSharing(GpuSharing... modes)
        {
            gpuSharing = Set.of(modes);
            return this;
        }

        public Builder isolation(Isolation... modes)
        {
            isolation = Set.of(modes);
            return this;
        }

        public BackendCapabilities build()
        {
            return new BackendCapabilities(exec, logs, stats, tty, gpu, gpuSharing, isolation);
        }
    }
}

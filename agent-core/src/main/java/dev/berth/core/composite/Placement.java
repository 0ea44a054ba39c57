package dev.berth.core.composite;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.PlacementSignal;
import dev.berth.core.spec.OsFamily;

/** The composite's decision for a workload: a backend on this node, or a signal to place it elsewhere. */
public sealed interface Placement
        permits Placement.Here, Placement.Elsewhere
{
    /** Run here, on {@code backend}, as an {@code os} workload. {@code reason} says which rule decided. */
    record Here(String backend, OsFamily os, String reason)
            implements Placement
    {
        public Here
        {
            requireNonNull(backend, "backend is null");
            requireNonNull(os, "os is null");
            requireNonNull(reason, "reason is null");
        }
    }

    record Elsewhere(PlacementSignal signal)
            implements Placement
    {
        public Elsewhere
        {
            requireNonNull(signal, "signal is null");
        }
    }
}

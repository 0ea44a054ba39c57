package dev.berth.node.pressure;

import static java.util.Objects.requireNonNull;

import dev.berth.core.pressure.PressureCondition;

import java.time.Instant;

/** A container stopped because the node was under pressure, with the condition (figure and threshold) behind it. */
public record Eviction(Instant time, EvictionCandidate container, PressureCondition condition)
{
    public Eviction
    {
        requireNonNull(time, "time is null");
        requireNonNull(container, "container is null");
        requireNonNull(condition, "condition is null");
    }
}

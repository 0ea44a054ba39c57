package dev.berth.core.pressure;

import static java.util.Objects.requireNonNull;

/**
 * One of a node's pressure conditions as last observed: the figure behind it ({@code observed}), the threshold it is
 * compared with, whether the node is under that pressure, and where the figure was read ({@code source}, e.g.
 * {@code /proc/meminfo} or the agent's cgroup).
 */
public record PressureCondition(Pressure pressure, boolean underPressure, long observed, long threshold, String source)
{
    public PressureCondition
    {
        requireNonNull(pressure, "pressure is null");
        requireNonNull(source, "source is null");
    }
}

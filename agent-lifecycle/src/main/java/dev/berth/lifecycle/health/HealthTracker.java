package dev.berth.lifecycle.health;

import dev.berth.lifecycle.HealthState;

/**
 * The consecutive-failure count of one replica's health check, and the verdict it leads to: healthy on a pass,
 * unhealthy after {@code retries} failures in a row, otherwise unchanged.
 */
public final class HealthTracker
{
    private final int retries;
    private int consecutiveFailures;

    public HealthTracker(int retries)
    {
        this.retries = Math.max(1, retries);
    }

    /** @return the health after this result, given the health before it */
    public synchronized HealthState record(boolean passed, HealthState before)
    {
        if (passed) {
            consecutiveFailures = 0;
            return HealthState.HEALTHY;
        }
        consecutiveFailures++;
        return consecutiveFailures >= retries ? HealthState.UNHEALTHY : before;
    }

    public synchronized int consecutiveFailures()
    {
        return consecutiveFailures;
    }
}

package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** A service's wait on another service reaching a condition. */
public record Dependency(String service, Condition condition, Duration timeout, OnTimeout onTimeout)
{
    public enum Condition
    {
        /** A replica is running. */
        STARTED,
        /** Its health check passes. */
        HEALTHY,
        /** Healthy, and its declared ports accept connections. */
        READY
    }

    public enum OnTimeout
    {
        FAIL,
        WARN,
        CONTINUE
    }

    public Dependency
    {
        requireNonNull(service, "service is null");
        requireNonNull(condition, "condition is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(onTimeout, "onTimeout is null");
    }
}

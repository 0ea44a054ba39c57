package dev.berth.lifecycle;

/** A replica's health: {@code NONE} when the service declares no check. */
public enum HealthState
{
    NONE,
    STARTING,
    HEALTHY,
    UNHEALTHY
}

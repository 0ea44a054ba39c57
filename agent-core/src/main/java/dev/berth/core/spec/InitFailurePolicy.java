package dev.berth.core.spec;

/** What follows a failed init step: fail the replica, restart it at once, or restart it with capped exponential backoff. */
public enum InitFailurePolicy
{
    FAIL,
    RESTART,
    BACKOFF
}

package dev.berth.core.runtime;

/**
 * A container's state. Backends report {@code CREATED}, {@code RUNNING}, {@code EXITED} and {@code UNKNOWN};
 * the agent's lifecycle adds the rest.
 */
public enum ContainerState
{
    /** Accepted, not yet created by a runtime (pulling, waiting on dependencies). */
    PENDING,
    CREATED,
    RUNNING,
    /** Exited; see the exit status. */
    EXITED,
    /** Could not be created, started or initialised, or exited non-zero with no restart; the reason is kept. */
    FAILED,
    /** Waiting out a restart backoff. */
    RESTARTING,
    /** Restarted too often inside the window; waiting out the longer crash-loop delay. */
    CRASH_LOOP_BACKOFF,
    /** The runtime's answer could not be read. */
    UNKNOWN
}

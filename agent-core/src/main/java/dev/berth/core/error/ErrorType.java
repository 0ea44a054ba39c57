package dev.berth.core.error;

/**
 * Who is at fault, in the manner of Trino's error types. The API maps these to HTTP statuses.
 */
public enum ErrorType
{
    /** The request or the spec is wrong; retrying the same input fails again. */
    USER,
    /** Something outside the agent failed: a runtime binary, a registry, a container. */
    EXTERNAL,
    /** A bug or broken invariant inside the agent. */
    INTERNAL,
    /** Not a failure: this node cannot host the workload and the scheduler should place it elsewhere. */
    PLACEMENT
}

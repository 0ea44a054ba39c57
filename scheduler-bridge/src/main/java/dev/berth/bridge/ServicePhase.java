package dev.berth.bridge;

/**
 * Where a submitted service stands. {@code FAILED} is re-evaluated: a peer that joins later can still take it.
 */
public enum ServicePhase
{
    /** Accepted, not (fully) placed yet: waiting for capacity or a scheduler. */
    PENDING,
    /** Every replica is assigned to a node. */
    PLACED,
    /** Every assigned node reported its replicas running. */
    RUNNING,
    /** No node can run it, or a node reported a failure; {@code message} says why and what to do. */
    FAILED
}

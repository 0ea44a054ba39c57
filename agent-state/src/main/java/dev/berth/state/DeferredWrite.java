package dev.berth.state;

import static java.util.Objects.requireNonNull;

import dev.berth.core.event.AgentEvent;

/**
 * A write whose loss in a crash leaves a consistent store, so it costs no commit (no WAL fsync) of its own: the
 * {@link StateStore} writes it inside the next transaction that commits anyway, ahead of that transaction's own writes.
 */
sealed interface DeferredWrite
        permits DeferredWrite.Event, DeferredWrite.ForgetOwner
{
    /** A history entry: the events table is recent history, not state. */
    record Event(AgentEvent event)
            implements DeferredWrite
    {
        public Event
        {
            requireNonNull(event, "event is null");
        }
    }

    /**
     * The removal of a container's ownership record after its backend removed it. Lost in a crash, it leaves a stale
     * record naming a backend that no longer knows the container, which the composite runtime recognizes and forgets.
     */
    record ForgetOwner(String containerId)
            implements DeferredWrite
    {
        public ForgetOwner
        {
            requireNonNull(containerId, "containerId is null");
        }
    }
}

package dev.berth.bridge;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.PlacementSignal;

/** What the agent made of an assignment: running, a placement signal for the scheduler, or a failure. */
public sealed interface AssignmentOutcome
        permits AssignmentOutcome.Running, AssignmentOutcome.Signalled, AssignmentOutcome.Failed
{
    /** The replicas are running (or starting) here. */
    record Running(int replicas)
            implements AssignmentOutcome {}

    /** This node cannot host the service: the scheduler excludes it for this generation and places it on a peer. */
    record Signalled(PlacementSignal signal)
            implements AssignmentOutcome
    {
        public Signalled
        {
            requireNonNull(signal, "signal is null");
        }
    }

    /** A real failure here (create, start, health…): reported on the service, not re-placed. */
    record Failed(AgentError error)
            implements AssignmentOutcome
    {
        public Failed
        {
            requireNonNull(error, "error is null");
            if (error.isPlacementSignal()) {
                throw new IllegalArgumentException("a placement signal is not a failure: " + error.code());
            }
        }
    }

    static AssignmentOutcome running(int replicas)
    {
        return new Running(replicas);
    }

    /** A placement signal becomes {@link Signalled}, never {@link Failed}. */
    static AssignmentOutcome of(AgentError error)
    {
        if (error instanceof PlacementSignal signal) {
            return new Signalled(signal);
        }
        return new Failed(error);
    }
}

package dev.berth.lifecycle.restart;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.runtime.ContainerState;

import java.time.Duration;
import java.util.Optional;

/** What follows an exit, an unhealthy verdict or a failed init: a restart after a delay, or a final state. */
public sealed interface RestartDecision
        permits RestartDecision.Restart, RestartDecision.Settle
{
    /** Restart after {@code delay}; {@code crashLoop} when the replica restarted too often inside the window. */
    record Restart(Duration delay, boolean crashLoop)
            implements RestartDecision
    {
        public Restart
        {
            requireNonNull(delay, "delay is null");
        }

        public ContainerState waitingState()
        {
            return crashLoop ? ContainerState.CRASH_LOOP_BACKOFF : ContainerState.RESTARTING;
        }
    }

    /** No restart: the replica stays {@code state} (EXITED or FAILED), with {@code failure} as its reason. */
    record Settle(ContainerState state, Optional<AgentError> failure)
            implements RestartDecision
    {
        public Settle
        {
            requireNonNull(state, "state is null");
            requireNonNull(failure, "failure is null");
        }
    }
}

package dev.berth.lifecycle.replica;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.error.AgentError;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExitStatus;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Questions to the runtime that must not throw: a container's state, and the exit status of one that exited. */
final class RuntimeQueries
{
    private static final Logger log = LogManager.getLogger(RuntimeQueries.class);
    /**
     * The exit status when nobody could collect it (its monitor was gone, so no one reaped the process): no real
     * process exits with -1, so it cannot be mistaken for an exit code. It counts as a failure.
     */
    static final int UNKNOWN_EXIT = -1;

    static boolean unknown(ExitStatus exit)
    {
        return exit.code() == UNKNOWN_EXIT;
    }

    /** The exit code to record: empty when it is unknown. */
    static OptionalInt code(ExitStatus exit)
    {
        return unknown(exit) ? OptionalInt.empty() : OptionalInt.of(exit.code());
    }

    private RuntimeQueries() {}

    static ContainerStatus stateOrUnknown(CompositeRuntime runtime, String id)
    {
        try {
            return runtime.state(id);
        }
        catch (RuntimeException e) {
            return new ContainerStatus(id, "", ContainerState.UNKNOWN, OptionalLong.empty(), Optional.empty(), Optional.empty());
        }
    }

    static ExitStatus exitOf(CompositeRuntime runtime, String id, Optional<ContainerStatus> known)
    {
        if (known.isPresent() && known.get().exit().isPresent()) {
            return known.get().exit().get();
        }
        ContainerStatus status = stateOrUnknown(runtime, id);
        if (status.exit().isPresent()) {
            return status.exit().get();
        }
        try {
            return runtime.wait(id, Duration.ofSeconds(1));
        }
        catch (AgentError e) {
            log.warn("exit code of {} unknown: {}", id, e.getMessage());
            return new ExitStatus(UNKNOWN_EXIT, false, Optional.of(Instant.now()));
        }
    }
}

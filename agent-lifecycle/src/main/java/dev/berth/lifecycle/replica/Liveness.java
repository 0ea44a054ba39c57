package dev.berth.lifecycle.replica;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.Timeout;
import dev.berth.core.runtime.ExitStatus;

import java.time.Duration;

/**
 * Whether a replica the store believes running still runs, asked as {@code wait(id, 0)}: backends answer that from
 * their monitor (an exit file, the monitor's pid) without spawning a process, so the exit monitor and recovery
 * cost no runtime invocation per container.
 */
public sealed interface Liveness
        permits Liveness.Alive, Liveness.Exited, Liveness.Gone, Liveness.Unknown
{
    record Alive()
            implements Liveness {}

    record Exited(ExitStatus exit)
            implements Liveness
    {
        public Exited
        {
            requireNonNull(exit, "exit is null");
        }
    }

    /** The runtime does not know the container any more. */
    record Gone(NotFound error)
            implements Liveness {}

    /** The runtime could not say (for example, no monitor and no exit status); ask its state instead. */
    record Unknown(AgentError error)
            implements Liveness {}

    static Liveness of(CompositeRuntime runtime, String id)
    {
        try {
            return new Exited(runtime.wait(id, Duration.ZERO));
        }
        catch (Timeout stillRunning) {
            return new Alive();
        }
        catch (NotFound gone) {
            return new Gone(gone);
        }
        catch (AgentError other) {
            return new Unknown(other);
        }
    }
}

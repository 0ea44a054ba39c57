package dev.berth.lifecycle.replica;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.event.AgentEvent;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.state.ContainerRecord;

import java.util.List;

/** How a replica's boot (pull, create, start, init) ended. Placement signals are thrown, never an outcome. */
public sealed interface BootOutcome
        permits BootOutcome.Running, BootOutcome.Exited, BootOutcome.Failed, BootOutcome.InitFailed
{
    ContainerRecord record();

    /** Running, init done. */
    record Running(ContainerRecord record)
            implements BootOutcome
    {
        public Running
        {
            requireNonNull(record, "record is null");
        }
    }

    /**
     * The process started and exited before init finished; the restart policy decides. {@code unwritten}: events of
     * the boot whose step was not committed (the record's start, when it exited before it was written), which the
     * exit's step commits with it.
     */
    record Exited(ContainerRecord record, ExitStatus exit, List<AgentEvent> unwritten)
            implements BootOutcome
    {
        public Exited
        {
            requireNonNull(record, "record is null");
            requireNonNull(exit, "exit is null");
            unwritten = List.copyOf(requireNonNull(unwritten, "unwritten is null"));
        }
    }

    /** Pull, create or start failed: the record is FAILED with the error, its boot-error.json written. */
    record Failed(ContainerRecord record, AgentError error)
            implements BootOutcome
    {
        public Failed
        {
            requireNonNull(record, "record is null");
            requireNonNull(error, "error is null");
        }
    }

    /** An init step failed; the init policy decides. The process may still run. */
    record InitFailed(ContainerRecord record, AgentError error)
            implements BootOutcome
    {
        public InitFailed
        {
            requireNonNull(record, "record is null");
            requireNonNull(error, "error is null");
        }
    }
}

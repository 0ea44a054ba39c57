package dev.berth.lifecycle.diagnose;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the timed-out wait was waiting for, so the likely cause can name it: a port to accept connections, or a
 * command to succeed (with its last result), or the process to reach a state.
 */
public record Suspect(OptionalInt port, String waitingFor, Optional<String> lastCommandResult)
{
    public Suspect
    {
        requireNonNull(port, "port is null");
        requireNonNull(waitingFor, "waitingFor is null");
        requireNonNull(lastCommandResult, "lastCommandResult is null");
    }

    public static Suspect port(int port, String waitingFor)
    {
        return new Suspect(OptionalInt.of(port), waitingFor, Optional.empty());
    }

    public static Suspect other(String waitingFor)
    {
        return new Suspect(OptionalInt.empty(), waitingFor, Optional.empty());
    }

    /** A command (init exec step, exec health check) that kept failing; {@code lastResult} is what it said last. */
    public static Suspect command(String waitingFor, String lastResult)
    {
        return new Suspect(OptionalInt.empty(), waitingFor, Optional.of(lastResult));
    }
}

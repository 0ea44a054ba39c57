package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A command to run inside a running container, bounded by {@code timeout}. */
public record ExecRequest(List<String> command, Map<String, String> env, String user, Duration timeout)
{
    public ExecRequest
    {
        command = List.copyOf(requireNonNull(command, "command is null"));
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(user, "user is null");
        requireNonNull(timeout, "timeout is null");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
    }

    public static ExecRequest of(Duration timeout, String... command)
    {
        return new ExecRequest(List.of(command), Map.of(), "", timeout);
    }
}

package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command to run inside a running container, bounded by {@code timeout}. A backend keeps at most
 * {@code outputLimit} bytes of each of its streams (the tail, see {@link OutputTail}) and counts the rest as dropped.
 */
public record ExecRequest(List<String> command, Map<String, String> env, String user, Duration timeout, int outputLimit)
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
        if (outputLimit <= 0 || outputLimit > OutputTail.EXEC_LIMIT) {
            throw new IllegalArgumentException("outputLimit must be between 1 and " + OutputTail.EXEC_LIMIT + ": " + outputLimit);
        }
    }

    /** A request keeping {@link OutputTail#EXEC_LIMIT} bytes of each stream. */
    public ExecRequest(List<String> command, Map<String, String> env, String user, Duration timeout)
    {
        this(command, env, user, timeout, OutputTail.EXEC_LIMIT);
    }

    public static ExecRequest of(Duration timeout, String... command)
    {
        return new ExecRequest(List.of(command), Map.of(), "", timeout);
    }

    /** The same request keeping at most {@code limit} bytes of each stream. */
    public ExecRequest withOutputLimit(int limit)
    {
        return new ExecRequest(command, env, user, timeout, limit);
    }
}

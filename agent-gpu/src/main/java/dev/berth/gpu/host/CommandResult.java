package dev.berth.gpu.host;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a command ended. A command that could not be launched at all is exit code 127 with the reason on stderr,
 * as a shell would report it.
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr)
{
    public static final int NOT_FOUND = 127;

    public CommandResult
    {
        command = List.copyOf(requireNonNull(command, "command is null"));
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
    }

    public boolean succeeded()
    {
        return exitCode == 0;
    }

    /** The command, exit code and trimmed stderr, for error messages. */
    public String evidence()
    {
        String err = stderr.strip();
        return "'" + String.join(" ", command) + "' exited " + exitCode + (err.isEmpty() ? "" : ": " + err);
    }
}

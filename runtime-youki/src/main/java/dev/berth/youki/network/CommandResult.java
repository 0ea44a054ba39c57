package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What an external command left behind: its exit status and both output streams, as text. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr)
{
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

    /** One line for error messages: the command, its exit status and its trimmed stderr. */
    public String describe()
    {
        String error = stderr.strip();
        return String.join(" ", command) + " exited with " + exitCode + (error.isEmpty() ? "" : ": " + error);
    }
}

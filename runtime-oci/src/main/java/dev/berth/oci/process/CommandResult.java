package dev.berth.oci.process;

import static java.util.Objects.requireNonNull;

/**
 * How a command ended: its exit status (127 when it could not be launched at all, with the reason in
 * {@code stderr}), and everything it printed.
 */
public record CommandResult(Command command, int exitCode, String stdout, String stderr)
{
    public static final int NOT_LAUNCHED = 127;

    public CommandResult
    {
        requireNonNull(command, "command is null");
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
    }

    public boolean succeeded()
    {
        return exitCode == 0;
    }
}

package dev.berth.oci.process;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.OutputTail;

/**
 * How a command ended: its exit status (127 when it could not be launched at all, with the reason in
 * {@code stderr}), and the tails of what it printed ({@link Command#stdoutLimit()}, {@link Command#stderrLimit()})
 * with the count of bytes before each tail that were dropped.
 */
public record CommandResult(Command command, int exitCode, String stdout, String stderr, long stdoutDropped, long stderrDropped)
{
    public static final int NOT_LAUNCHED = 127;

    public CommandResult
    {
        requireNonNull(command, "command is null");
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
        if (stdoutDropped < 0 || stderrDropped < 0) {
            throw new IllegalArgumentException("dropped byte counts must not be negative");
        }
    }

    /** A result whose output was kept whole. */
    public CommandResult(Command command, int exitCode, String stdout, String stderr)
    {
        this(command, exitCode, stdout, stderr, 0, 0);
    }

    /** A result from the bounded tails the transport read the command's streams into. */
    public static CommandResult of(Command command, int exitCode, OutputTail stdout, OutputTail stderr)
    {
        return new CommandResult(command, exitCode, stdout.text(), stderr.text(), stdout.dropped(), stderr.dropped());
    }

    public boolean succeeded()
    {
        return exitCode == 0;
    }

    /** The stderr tail for an error message, saying how much came before it when some was dropped. */
    public String stderrEvidence()
    {
        return stderrDropped == 0 ? stderr : "[" + stderrDropped + " earlier bytes of stderr dropped] " + stderr;
    }
}

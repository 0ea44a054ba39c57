package dev.berth.node.cli;

/** The command line is wrong: the message names the option or argument at fault and what was expected. */
public final class CliUsageError
        extends RuntimeException
{
    public CliUsageError(String message)
    {
        super(message);
    }
}

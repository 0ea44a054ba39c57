package dev.berth.node.cli;

/** A failure the CLI reports with an AgentError code of its own (not from an API answer). */
public final class CliFailure
        extends RuntimeException
{
    private final String code;
    private final String wire;

    public CliFailure(String code, String message, String wire)
    {
        super(message);
        this.code = code;
        this.wire = wire;
    }

    public String code()
    {
        return code;
    }

    /** The wire form, for {@code --json}; may be null. */
    public String wire()
    {
        return wire;
    }
}

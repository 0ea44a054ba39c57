package dev.berth.node.api;

import dev.berth.core.error.AgentError;

import static java.util.Objects.requireNonNull;

/** A request that does not fit the state of what it names (exec into a stopped container): answered 409 with the error. */
public final class Conflict
        extends RuntimeException
{
    private final AgentError error;

    public Conflict(AgentError error)
    {
        super(error.getMessage(), error);
        this.error = requireNonNull(error, "error is null");
    }

    public AgentError error()
    {
        return error;
    }
}

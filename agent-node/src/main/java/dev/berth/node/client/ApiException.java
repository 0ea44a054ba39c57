package dev.berth.node.client;

import com.fasterxml.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/** The agent answered with an error: its HTTP status and the AgentError wire form. */
public final class ApiException
        extends RuntimeException
{
    private final int status;
    private final JsonNode wire;

    public ApiException(int status, JsonNode wire)
    {
        super(wire.path("message").asText("HTTP " + status));
        this.status = status;
        this.wire = requireNonNull(wire, "wire is null");
    }

    public int status()
    {
        return status;
    }

    public JsonNode wire()
    {
        return wire;
    }

    /** The AgentError code ({@code NOT_FOUND}, …), or {@code INTERNAL} when the body was not a wire-form error. */
    public String code()
    {
        return wire.path("code").asText("INTERNAL");
    }
}

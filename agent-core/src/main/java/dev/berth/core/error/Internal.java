package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bug or broken invariant inside the agent.
 */
public final class Internal
        extends AgentError
{
    private final String message;

    public Internal(String message)
    {
        this(message, null, null);
    }

    public Internal(String message, Throwable cause)
    {
        this(message, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public Internal(String message, Throwable cause, Integer errno)
    {
        super(message(message), cause, errno);
        this.message = requireNonNull(message, "message is null");
    }

    private static String message(String message)
    {
        return String.format("Internal error: %s", message);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.INTERNAL;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("message", message);
        return fields;
    }

    public String message()
    {
        return message;
    }
}

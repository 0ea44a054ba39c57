package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service spec, reference or request is malformed; the message names every field at fault.
 */
public final class InvalidSpec
        extends AgentError
{
    private final String message;

    public InvalidSpec(String message)
    {
        this(message, null, null);
    }

    public InvalidSpec(String message, Throwable cause)
    {
        this(message, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public InvalidSpec(String message, Throwable cause, Integer errno)
    {
        super(message(message), cause, errno);
        this.message = requireNonNull(message, "message is null");
    }

    private static String message(String message)
    {
        return String.format("Invalid spec: %s", message);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.INVALID_SPEC;
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

package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The backend cannot do what was asked.
 */
public final class Unsupported
        extends AgentError
{
    private final String message;

    public Unsupported(String message)
    {
        this(message, null, null);
    }

    public Unsupported(String message, Throwable cause)
    {
        this(message, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public Unsupported(String message, Throwable cause, Integer errno)
    {
        super(message(message), cause, errno);
        this.message = requireNonNull(message, "message is null");
    }

    private static String message(String message)
    {
        return String.format("Operation not supported by this runtime: %s", message);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.UNSUPPORTED;
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

package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's own configuration is wrong or a host prerequisite is missing.
 */
public final class Configuration
        extends AgentError
{
    private final String message;

    public Configuration(String message)
    {
        this(message, null, null);
    }

    public Configuration(String message, Throwable cause)
    {
        this(message, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public Configuration(String message, Throwable cause, Integer errno)
    {
        super(message(message), cause, errno);
        this.message = requireNonNull(message, "message is null");
    }

    private static String message(String message)
    {
        return String.format("Configuration error: %s", message);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.CONFIGURATION;
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

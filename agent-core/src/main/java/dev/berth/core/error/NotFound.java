package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container, image or other named thing is not known to the agent or the runtime.
 */
public final class NotFound
        extends AgentError
{
    private final String container;
    private final String reason;

    public NotFound(String container, String reason)
    {
        this(container, reason, null, null);
    }

    public NotFound(String container, String reason, Throwable cause)
    {
        this(container, reason, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public NotFound(String container, String reason, Throwable cause, Integer errno)
    {
        this(message(container, reason), container, reason, cause, errno);
    }

    private NotFound(String message, String container, String reason, Throwable cause, Integer errno)
    {
        super(message, cause, errno);
        this.container = requireNonNull(container, "container is null");
        this.reason = requireNonNull(reason, "reason is null");
    }

    /** A request for an API path and method the agent does not serve: not a container that is missing. */
    public static NotFound unknownEndpoint(String method, String path)
    {
        String endpoint = method + " " + path;
        return new NotFound("unknown API endpoint " + endpoint + ": the agent serves no such method and path",
                endpoint, "unknown API endpoint", null, null);
    }

    private static String message(String container, String reason)
    {
        return String.format("Container '%s' not found: %s", container, reason);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.NOT_FOUND;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("container", container);
        fields.put("reason", reason);
        return fields;
    }

    public String container()
    {
        return container;
    }

    public String reason()
    {
        return reason;
    }
}

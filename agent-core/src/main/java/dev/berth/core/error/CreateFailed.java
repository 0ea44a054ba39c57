package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime could not create the container.
 */
public final class CreateFailed
        extends AgentError
{
    private final String id;
    private final String reason;

    public CreateFailed(String id, String reason)
    {
        this(id, reason, null, null);
    }

    public CreateFailed(String id, String reason, Throwable cause)
    {
        this(id, reason, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public CreateFailed(String id, String reason, Throwable cause, Integer errno)
    {
        super(message(id, reason), cause, errno);
        this.id = requireNonNull(id, "id is null");
        this.reason = requireNonNull(reason, "reason is null");
    }

    private static String message(String id, String reason)
    {
        return String.format("Failed to create container '%s': %s", id, reason);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.CREATE_FAILED;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("reason", reason);
        return fields;
    }

    public String id()
    {
        return id;
    }

    public String reason()
    {
        return reason;
    }
}

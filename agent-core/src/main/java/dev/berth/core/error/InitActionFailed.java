package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An init step of a replica failed after its retries.
 */
public final class InitActionFailed
        extends AgentError
{
    private final String id;
    private final String reason;

    public InitActionFailed(String id, String reason)
    {
        this(id, reason, null, null);
    }

    public InitActionFailed(String id, String reason, Throwable cause)
    {
        this(id, reason, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public InitActionFailed(String id, String reason, Throwable cause, Integer errno)
    {
        super(message(id, reason), cause, errno);
        this.id = requireNonNull(id, "id is null");
        this.reason = requireNonNull(reason, "reason is null");
    }

    private static String message(String id, String reason)
    {
        return String.format("Init action failed for '%s': %s", id, reason);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.INIT_ACTION_FAILED;
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

package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file system the agent writes to is full, or its quota is used up (ENOSPC, EDQUOT). Not the operator's
 * configuration and not a bug: space must be freed. {@code path} names what could not be written, {@code reason} what
 * that means for the operation.
 */
public final class StorageFull
        extends AgentError
{
    private final String path;
    private final String reason;

    public StorageFull(String path, String reason)
    {
        this(path, reason, null, null);
    }

    public StorageFull(String path, String reason, Throwable cause)
    {
        this(path, reason, cause, null);
    }

    /**
     * @param errno the OS errno behind this error ({@link Errno#ENOSPC} or {@link Errno#EDQUOT}), or null to take it from
     * the cause chain
     */
    public StorageFull(String path, String reason, Throwable cause, Integer errno)
    {
        super(message(path, reason), cause, errno);
        this.path = requireNonNull(path, "path is null");
        this.reason = requireNonNull(reason, "reason is null");
    }

    private static String message(String path, String reason)
    {
        return String.format("No space left for '%s': %s", path, reason);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.STORAGE_FULL;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("path", path);
        fields.put("reason", reason);
        return fields;
    }

    public String path()
    {
        return path;
    }

    public String reason()
    {
        return reason;
    }
}

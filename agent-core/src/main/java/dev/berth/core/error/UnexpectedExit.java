package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container exited non-zero and no restart policy restarts it.
 */
public final class UnexpectedExit
        extends AgentError
{
    private final String id;
    private final int code;

    public UnexpectedExit(String id, int code)
    {
        this(id, code, null, null);
    }

    public UnexpectedExit(String id, int code, Throwable cause)
    {
        this(id, code, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public UnexpectedExit(String id, int code, Throwable cause, Integer errno)
    {
        super(message(id, code), cause, errno);
        this.id = requireNonNull(id, "id is null");
        this.code = code;
    }

    private static String message(String id, int code)
    {
        return String.format("Container '%s' exited unexpectedly with code %d", id, code);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.UNEXPECTED_EXIT;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("code", code);
        return fields;
    }

    public String id()
    {
        return id;
    }

    /** The container's exit code (the taxonomy's {@code code} field; {@link #code()} is the error code). */
    public int exitCode()
    {
        return code;
    }
}

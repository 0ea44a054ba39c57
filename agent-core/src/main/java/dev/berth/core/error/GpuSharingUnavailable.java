package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The requested GPU sharing mode (mps, time-slice) cannot be delivered on this host.
 */
public final class GpuSharingUnavailable
        extends AgentError
{
    private final String mode;
    private final String reason;

    public GpuSharingUnavailable(String mode, String reason)
    {
        this(mode, reason, null, null);
    }

    public GpuSharingUnavailable(String mode, String reason, Throwable cause)
    {
        this(mode, reason, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public GpuSharingUnavailable(String mode, String reason, Throwable cause, Integer errno)
    {
        super(message(mode, reason), cause, errno);
        this.mode = requireNonNull(mode, "mode is null");
        this.reason = requireNonNull(reason, "reason is null");
    }

    private static String message(String mode, String reason)
    {
        return String.format("GPU sharing mode '%s' is unavailable: %s", mode, reason);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.GPU_SHARING_UNAVAILABLE;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("mode", mode);
        fields.put("reason", reason);
        return fields;
    }

    public String mode()
    {
        return mode;
    }

    public String reason()
    {
        return reason;
    }
}

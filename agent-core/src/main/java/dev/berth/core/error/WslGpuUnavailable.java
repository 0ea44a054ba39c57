package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GPU was asked of the WSL2 delegate and the distro cannot deliver it. Never a CPU fallback.
 */
public final class WslGpuUnavailable
        extends AgentError
{
    private final String reason;

    public WslGpuUnavailable(String reason)
    {
        this(reason, null, null);
    }

    public WslGpuUnavailable(String reason, Throwable cause)
    {
        this(reason, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public WslGpuUnavailable(String reason, Throwable cause, Integer errno)
    {
        super(message(reason), cause, errno);
        this.reason = requireNonNull(reason, "reason is null");
    }

    private static String message(String reason)
    {
        return String.format("GPU requested but WSL2 GPU support not available on this host: %s", reason);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.WSL_GPU_UNAVAILABLE;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason", reason);
        return fields;
    }

    public String reason()
    {
        return reason;
    }
}

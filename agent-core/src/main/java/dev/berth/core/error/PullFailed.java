package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An image could not be fetched, verified, stored or unpacked.
 */
public final class PullFailed
        extends AgentError
{
    private final String image;
    private final String reason;

    public PullFailed(String image, String reason)
    {
        this(image, reason, null, null);
    }

    public PullFailed(String image, String reason, Throwable cause)
    {
        this(image, reason, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public PullFailed(String image, String reason, Throwable cause, Integer errno)
    {
        super(message(image, reason), cause, errno);
        this.image = requireNonNull(image, "image is null");
        this.reason = requireNonNull(reason, "reason is null");
    }

    private static String message(String image, String reason)
    {
        return String.format("Failed to pull image '%s': %s", image, reason);
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.PULL_FAILED;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("image", image);
        fields.put("reason", reason);
        return fields;
    }

    public String image()
    {
        return image;
    }

    public String reason()
    {
        return reason;
    }
}

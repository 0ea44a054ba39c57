package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import dev.berth.core.unit.HumanDurations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded call or wait ran past its limit.
 */
public final class Timeout
        extends AgentError
{
    private final Duration timeout;

    public Timeout(Duration timeout)
    {
        this(timeout, null, null);
    }

    public Timeout(Duration timeout, Throwable cause)
    {
        this(timeout, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public Timeout(Duration timeout, Throwable cause, Integer errno)
    {
        super(message(timeout), cause, errno);
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    private static String message(Duration timeout)
    {
        return String.format("Timeout after %s", HumanDurations.format(timeout));
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.TIMEOUT;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("timeout", timeout);
        return fields;
    }

    public Duration timeout()
    {
        return timeout;
    }
}

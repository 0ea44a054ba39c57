package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import dev.berth.core.unit.HumanDurations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service waited past its timeout for a dependency's condition.
 */
public final class DependencyTimeout
        extends AgentError
{
    private final String service;
    private final String dependency;
    private final String condition;
    private final Duration timeout;

    public DependencyTimeout(String service, String dependency, String condition, Duration timeout)
    {
        this(service, dependency, condition, timeout, null, null);
    }

    public DependencyTimeout(String service, String dependency, String condition, Duration timeout, Throwable cause)
    {
        this(service, dependency, condition, timeout, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public DependencyTimeout(String service, String dependency, String condition, Duration timeout, Throwable cause, Integer errno)
    {
        super(message(service, dependency, condition, timeout), cause, errno);
        this.service = requireNonNull(service, "service is null");
        this.dependency = requireNonNull(dependency, "dependency is null");
        this.condition = requireNonNull(condition, "condition is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    private static String message(String service, String dependency, String condition, Duration timeout)
    {
        return String.format("Dependency timeout: '%s' waiting for '%s' (%s) after %s", service, dependency, condition, HumanDurations.format(timeout));
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.DEPENDENCY_TIMEOUT;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("service", service);
        fields.put("dependency", dependency);
        fields.put("condition", condition);
        fields.put("timeout", timeout);
        return fields;
    }

    public String service()
    {
        return service;
    }

    public String dependency()
    {
        return dependency;
    }

    public String condition()
    {
        return condition;
    }

    public Duration timeout()
    {
        return timeout;
    }
}

package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Placement signal: this node cannot host the workload's OS; the scheduler should place it on a peer.
 */
public final class RouteToPeer
        extends AgentError implements PlacementSignal
{
    private final String service;
    private final String requiredOs;
    private final String reason;

    public RouteToPeer(String service, String requiredOs, String reason)
    {
        this(service, requiredOs, reason, null, null);
    }

    public RouteToPeer(String service, String requiredOs, String reason, Throwable cause)
    {
        this(service, requiredOs, reason, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public RouteToPeer(String service, String requiredOs, String reason, Throwable cause, Integer errno)
    {
        super(message(service, requiredOs, reason), cause, errno);
        this.service = requireNonNull(service, "service is null");
        this.requiredOs = requireNonNull(requiredOs, "requiredOs is null");
        this.reason = requireNonNull(reason, "reason is null");
    }

    private static String message(String service, String requiredOs, String reason)
    {
        return String.format("route-to-peer: service '%s' requires OS '%s' on another node: %s", service, requiredOs, reason);
    }

    @Override
    public AgentError asError()
    {
        return this;
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.ROUTE_TO_PEER;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("service", service);
        fields.put("requiredOs", requiredOs);
        fields.put("reason", reason);
        return fields;
    }

    public String service()
    {
        return service;
    }

    public String requiredOs()
    {
        return requiredOs;
    }

    public String reason()
    {
        return reason;
    }
}

package dev.berth.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened on the node, for {@code berth events}: a container created, started, exited, became
 * unhealthy, was restarted, a service re-placed. {@code type} is dotted ({@code container.start}); {@code subject}
 * is the container or service name. Attributes never hold secrets.
 */
public record AgentEvent(Instant time, String type, String subject, Map<String, String> attributes)
{
    public AgentEvent
    {
        requireNonNull(time, "time is null");
        requireNonNull(type, "type is null");
        requireNonNull(subject, "subject is null");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
    }

    public static AgentEvent of(String type, String subject, Map<String, String> attributes)
    {
        return new AgentEvent(Instant.now(), type, subject, attributes);
    }
}

package dev.berth.bridge.placement;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.bridge.ServiceDefinition;

/** A submitted service as the cluster stores it: the document, its generation and the node it came through. */
public record ServiceRecord(String name, long generation, ObjectNode source, String submittedBy)
{
    public ServiceRecord
    {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        requireNonNull(submittedBy, "submittedBy is null");
    }

    public ServiceDefinition definition()
    {
        return ServiceDefinition.parse(source, null);
    }
}

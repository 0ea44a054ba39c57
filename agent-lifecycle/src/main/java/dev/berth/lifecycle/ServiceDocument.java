package dev.berth.lifecycle;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.spec.ServiceSpec;

/** A validated service spec together with the document it was parsed from, which is what the state store keeps. */
public record ServiceDocument(ServiceSpec spec, JsonNode source)
{
    public ServiceDocument
    {
        requireNonNull(spec, "spec is null");
        requireNonNull(source, "source is null");
    }
}

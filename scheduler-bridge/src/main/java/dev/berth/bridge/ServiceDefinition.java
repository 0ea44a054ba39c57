package dev.berth.bridge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecParser;

import java.util.ArrayList;
import java.util.List;

/**
 * A service as submitted to the cluster: its validated spec and the single-service document it came from, which is
 * what travels between nodes (the receiving node parses it again). The document always carries {@code name}.
 * Same shape as agent-lifecycle's {@code ServiceDocument}: {@code new ServiceDocument(d.spec(), d.source())}.
 */
public record ServiceDefinition(ServiceSpec spec, ObjectNode source)
{
    public ServiceDefinition
    {
        requireNonNull(spec, "spec is null");
        requireNonNull(source, "source is null");
        if (!source.path("name").asText("").equals(spec.name())) {
            throw new IllegalArgumentException("the document's name \"" + source.path("name").asText("")
                    + "\" is not the spec's \"" + spec.name() + "\"");
        }
    }

    public String name()
    {
        return spec.name();
    }

    /**
     * Parses one service's document (from a deploy file: a list entry, or a {@code services:} mapping value whose key
     * is {@code name}).
     *
     * @throws InvalidSpec naming the fields at fault
     */
    public static ServiceDefinition parse(JsonNode document, String nameFromKey)
    {
        if (document == null || !document.isObject()) {
            throw new InvalidSpec("a service must be a mapping");
        }
        ObjectNode copy = ((ObjectNode) document).deepCopy();
        if (nameFromKey != null && !copy.has("name")) {
            copy.put("name", nameFromKey);
        }
        List<ServiceSpec> specs = SpecParser.readDeployment(copy);
        return new ServiceDefinition(specs.get(0), copy);
    }

    /**
     * Every service of a deploy document ({@code berth deploy -f}): one service, a list, or {@code services:} as a list
     * or a mapping of name to service. The whole document is validated together first.
     *
     * @throws InvalidSpec naming the fields at fault
     */
    public static List<ServiceDefinition> parseDeployment(String text)
    {
        JsonNode root = SpecParser.tree(text);
        SpecParser.readDeployment(root);
        List<ServiceDefinition> definitions = new ArrayList<>();
        JsonNode services = root.isObject() && root.has("services") ? root.get("services") : root;
        if (services.isArray()) {
            services.forEach(service -> definitions.add(parse(service, null)));
        }
        else if (services != root && services.isObject()) {
            services.fields().forEachRemaining(entry -> definitions.add(parse(entry.getValue(), entry.getKey())));
        }
        else {
            definitions.add(parse(root, null));
        }
        return List.copyOf(definitions);
    }

    /** The document with {@code replicas} replaced: a node's share of the service. */
    public ServiceDefinition withReplicas(int replicas)
    {
        ObjectNode copy = source.deepCopy();
        copy.put("replicas", replicas);
        return parse(copy, null);
    }
}

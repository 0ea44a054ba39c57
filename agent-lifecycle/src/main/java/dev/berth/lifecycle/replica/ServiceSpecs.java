package dev.berth.lifecycle.replica;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecParser;
import dev.berth.lifecycle.ServiceDocument;
import dev.berth.state.ServiceRecord;
import dev.berth.state.StateStore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The specs of deployed services: kept in memory, read back from their stored documents after a restart. */
public final class ServiceSpecs
{
    private final StateStore store;
    private final Map<String, ServiceSpec> specs = new ConcurrentHashMap<>();

    public ServiceSpecs(StateStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    public void put(ServiceSpec spec)
    {
        specs.put(spec.name(), spec);
    }

    public void forget(String service)
    {
        specs.remove(service);
    }

    /** @throws NotFound when the service is not on record */
    public ServiceSpec get(String service)
    {
        ServiceSpec spec = specs.get(service);
        if (spec != null) {
            return spec;
        }
        ServiceRecord record = store.service(service).orElseThrow(() -> new NotFound(service, "no service of that name is deployed"));
        spec = parse(record).spec();
        specs.put(service, spec);
        return spec;
    }

    public static String document(ServiceDocument document)
    {
        JsonNode source = document.source();
        if (source.isObject() && !source.has("name")) {
            ObjectNode copy = ((ObjectNode) source).deepCopy();
            copy.put("name", document.spec().name());
            return copy.toString();
        }
        return source.toString();
    }

    /**
     * Whether two stored documents differ at most in their replica count and update block: scaling alone replaces no
     * replica, and neither does a change of how the next update is to run.
     */
    public static boolean sameExceptReplicas(String first, String second)
    {
        JsonNode a = SpecParser.tree(first);
        JsonNode b = SpecParser.tree(second);
        if (a.isObject() && b.isObject()) {
            ObjectNode left = ((ObjectNode) a).deepCopy();
            ObjectNode right = ((ObjectNode) b).deepCopy();
            left.remove(List.of("replicas", "update"));
            right.remove(List.of("replicas", "update"));
            return left.equals(right);
        }
        return a.equals(b);
    }

    /**
     * Reads a stored document as {@link SpecParser#readStored} does: a limit added since it was deployed does not
     * lose the service. @throws Internal when a stored document no longer parses (it was valid when deployed)
     */
    public static ServiceDocument parse(ServiceRecord record)
    {
        JsonNode source = SpecParser.tree(record.document());
        try {
            List<ServiceSpec> parsed = SpecParser.readStored(source);
            ServiceSpec spec = parsed.stream().filter(candidate -> candidate.name().equals(record.name())).findFirst()
                    .orElseThrow(() -> new Internal("the stored document of service '" + record.name() + "' does not declare it"));
            return new ServiceDocument(spec, source);
        }
        catch (RuntimeException e) {
            throw new Internal("the stored document of service '" + record.name() + "' no longer parses: " + e.getMessage(), e);
        }
    }
}

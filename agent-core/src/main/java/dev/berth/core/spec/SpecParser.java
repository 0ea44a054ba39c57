package dev.berth.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.yaml.StrictYaml;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses service specs from YAML or JSON (JSON is YAML). A document is one service, a list of services, or
 * {@code services:} holding a list or a mapping of name to service. Every problem in the whole document is
 * collected into one {@link InvalidSpec}, each with its field path.
 */
public final class SpecParser
{
    /** Larger spec documents are refused before parsing: a deploy is a few services, not megabytes. */
    public static final int MAX_DOCUMENT_CHARS = 1 << 20;

    private SpecParser() {}

    /** One service. @throws InvalidSpec naming every field at fault */
    public static ServiceSpec parseService(String text)
    {
        List<ServiceSpec> services = parseDeployment(text);
        if (services.size() != 1) {
            throw new InvalidSpec("expected one service, found " + services.size());
        }
        return services.get(0);
    }

    /** One or several services, validated together (names unique, dependencies acyclic). @throws InvalidSpec */
    public static List<ServiceSpec> parseDeployment(String text)
    {
        return readDeployment(tree(text));
    }

    /** A document being submitted now: every check applies. @throws InvalidSpec naming every field at fault */
    public static List<ServiceSpec> readDeployment(JsonNode root)
    {
        return read(root, new SpecProblems());
    }

    /**
     * A document this node accepted before, read back from its store: limits added since then are not applied (see
     * {@link SpecProblems#refuseNew}), so an upgrade never loses a service; the values they bound are bounded here
     * instead. @throws InvalidSpec when its form is wrong
     */
    public static List<ServiceSpec> readStored(JsonNode root)
    {
        return read(root, SpecProblems.forStored());
    }

    private static List<ServiceSpec> read(JsonNode root, SpecProblems problems)
    {
        List<ServiceSpec> services = new ArrayList<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw new InvalidSpec("the document is empty");
        }
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                ServiceSpecReader.read(root.get(i), "[" + i + "]", Optional.empty(), problems).ifPresent(services::add);
            }
        }
        else if (root.isObject() && root.has("services")) {
            readServicesField(root, problems, services);
        }
        else {
            ServiceSpecReader.read(root, "", Optional.empty(), problems).ifPresent(services::add);
        }
        Set<String> seen = new HashSet<>();
        for (ServiceSpec service : services) {
            if (!service.name().isEmpty() && !seen.add(service.name())) {
                problems.add("services", "service name \"" + service.name() + "\" appears more than once");
            }
        }
        if (services.isEmpty() && problems.isEmpty()) {
            problems.add("services", "no service is declared");
        }
        problems.throwIfAny();
        DependencyGraph.of(services);
        return List.copyOf(services);
    }

    private static void readServicesField(JsonNode root, SpecProblems problems, List<ServiceSpec> services)
    {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("services") && !name.equals("version")) {
                problems.add(name, "unknown top-level field (expected services)");
            }
        }
        JsonNode list = root.get("services");
        if (list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                ServiceSpecReader.read(list.get(i), "services[" + i + "]", Optional.empty(), problems).ifPresent(services::add);
            }
        }
        else if (list.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = list.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = fields.next();
                ServiceSpecReader.read(entry.getValue(), "services." + entry.getKey(), Optional.of(entry.getKey()), problems).ifPresent(services::add);
            }
        }
        else {
            problems.add("services", "must be a list or a mapping of services, not " + NodeReader.describe(list));
        }
    }

    /** Parses text as YAML (or JSON). @throws InvalidSpec with the parser's line and column */
    public static JsonNode tree(String text)
    {
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw new InvalidSpec("the document is " + text.length() + " characters, over the limit of " + MAX_DOCUMENT_CHARS);
        }
        try {
            JsonNode node = StrictYaml.read(text);
            return node == null ? NullNode.getInstance() : node;
        }
        catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidSpec("not valid YAML or JSON" + location + ": " + e.getOriginalMessage(), e);
        }
        catch (RuntimeException e) {
            // SnakeYAML reports some malformed input (deep nesting, bad anchors) as unchecked exceptions.
            throw new InvalidSpec("not valid YAML or JSON: " + e.getMessage(), e);
        }
    }

    /** A fresh empty object node, for callers that build a spec tree programmatically. */
    public static ObjectNode newObject()
    {
        return JsonNodeFactory.instance.objectNode();
    }
}

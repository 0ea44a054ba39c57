package dev.berth.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecParser;
import dev.berth.lifecycle.ServiceDocument;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns API bodies into validated {@link ServiceDocument}s: a {@code berth run} request becomes a one-service spec
 * document, and a deploy body (YAML or JSON) is split into one source document per service.
 */
public final class ServiceDocuments
{
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServiceDocuments() {}

    /**
     * A run request: {@code {name?, image, command?: [..], env?: {K: V}, memory?, platform?}}. The command replaces
     * the image's default arguments, as {@code docker run IMAGE CMD...} does.
     */
    public static ServiceDocument fromRun(JsonNode request)
    {
        if (!request.hasNonNull("image") || request.get("image").asText().isBlank()) {
            throw new InvalidSpec("image: required");
        }
        ObjectNode spec = SpecParser.newObject();
        String name = request.hasNonNull("name") && !request.get("name").asText().isBlank()
                ? request.get("name").asText()
                : "run-" + HexFormat.of().formatHex(randomBytes());
        spec.put("name", name);
        spec.put("image", request.get("image").asText());
        JsonNode command = request.path("command");
        if (command.isArray() && !command.isEmpty()) {
            ArrayNode args = spec.putArray("args");
            command.forEach(part -> args.add(part.asText()));
        }
        JsonNode env = request.path("env");
        if (env.isObject() && !env.isEmpty()) {
            spec.set("env", env.deepCopy());
        }
        if (request.hasNonNull("memory")) {
            spec.putObject("resources").put("memory", request.get("memory").asText());
        }
        if (request.hasNonNull("platform")) {
            spec.putObject("platform").put("os", request.get("platform").asText());
        }
        return new ServiceDocument(SpecParser.readDeployment(spec).get(0), spec);
    }

    private static byte[] randomBytes()
    {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Every service of a deploy document, each with the part of the document it came from. @throws InvalidSpec */
    public static List<ServiceDocument> fromDeploy(String text)
    {
        JsonNode root = SpecParser.tree(text);
        List<ServiceSpec> specs = SpecParser.readDeployment(root);
        List<JsonNode> sources = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(sources::add);
        }
        else if (root.isObject() && root.has("services")) {
            JsonNode services = root.get("services");
            if (services.isArray()) {
                services.forEach(sources::add);
            }
            else {
                for (Iterator<Map.Entry<String, JsonNode>> fields = services.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = fields.next();
                    ObjectNode source = entry.getValue().deepCopy();
                    source.put("name", entry.getKey());
                    sources.add(source);
                }
            }
        }
        else {
            sources.add(root);
        }
        if (sources.size() != specs.size()) {
            throw new InvalidSpec("expected " + specs.size() + " service documents, found " + sources.size());
        }
        List<ServiceDocument> documents = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            documents.add(new ServiceDocument(specs.get(i), sources.get(i)));
        }
        return List.copyOf(documents);
    }
}

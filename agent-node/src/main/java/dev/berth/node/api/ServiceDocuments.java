package dev.berth.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.core.spec.PlatformString;
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
     * A run request: {@code {name?, image, command?: [..], env?: {K: V}, memory?, platform?: "os[/arch[/variant]]", rm?}}, any other field
     * refused. The command replaces the image's default arguments, as {@code docker run IMAGE CMD...} does.
     */
    public static ServiceDocument fromRun(JsonNode request)
    {
        return fromRun(RequestBodies.read(request, RunBody.class, "a run request"));
    }

    public static ServiceDocument fromRun(RunBody request)
    {
        if (request.image() == null || request.image().isBlank()) {
            throw new InvalidSpec("image: required");
        }
        ObjectNode spec = SpecParser.newObject();
        String name = request.name() != null && !request.name().isBlank()
                ? request.name()
                : "run-" + HexFormat.of().formatHex(randomBytes());
        spec.put("name", name);
        spec.put("image", request.image());
        if (!request.command().isEmpty()) {
            ArrayNode args = spec.putArray("args");
            request.command().forEach(args::add);
        }
        if (!request.env().isEmpty()) {
            ObjectNode env = spec.putObject("env");
            request.env().forEach(env::set);
        }
        if (request.memory() != null) {
            spec.putObject("resources").put("memory", request.memory());
        }
        if (request.platform() != null) {
            PlatformSpec platform = PlatformString.parse(request.platform(), "platform");
            ObjectNode written = spec.putObject("platform").put("os", platform.os().orElseThrow().ociName());
            platform.arch().ifPresent(arch -> written.put("arch", arch));
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

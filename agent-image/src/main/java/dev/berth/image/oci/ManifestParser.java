package dev.berth.image.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.reference.Digests;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses manifests and indexes, strictly: every digest is validated (digests become file names in the store),
 * sizes must be non-negative, and Docker schema 1 is refused.
 */
public final class ManifestParser
{
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ManifestParser() {}

    /**
     * @param headerMediaType the {@code Content-Type} it came with, used when the document names no media type
     * @throws MalformedContent saying what is wrong
     */
    public static ManifestDocument parse(byte[] content, Optional<String> headerMediaType)
    {
        JsonNode root = readTree(content, "manifest");
        int schemaVersion = root.path("schemaVersion").asInt(-1);
        if (schemaVersion == 1) {
            throw new MalformedContent("Docker schema 1 manifests are not supported; re-push the image with a current client");
        }
        if (schemaVersion != 2) {
            throw new MalformedContent("manifest schemaVersion must be 2, got " + root.path("schemaVersion"));
        }
        String mediaType = text(root, "mediaType").or(() -> headerMediaType.map(ManifestParser::stripParameters))
                .orElse(root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST);
        if (mediaType.equals(MediaTypes.DOCKER_MANIFEST_V1) || mediaType.equals(MediaTypes.DOCKER_MANIFEST_V1_SIGNED)) {
            throw new MalformedContent("Docker schema 1 manifests are not supported; re-push the image with a current client");
        }
        if (MediaTypes.INDEXES.contains(mediaType)) {
            JsonNode manifests = root.path("manifests");
            if (!manifests.isArray()) {
                throw new MalformedContent("index has no 'manifests' array");
            }
            List<Descriptor> descriptors = new ArrayList<>();
            for (int i = 0; i < manifests.size(); i++) {
                descriptors.add(descriptor(manifests.get(i), "manifests[" + i + "]"));
            }
            return new ImageIndex(mediaType, descriptors);
        }
        if (MediaTypes.MANIFESTS.contains(mediaType)) {
            Descriptor config = descriptor(root.path("config"), "config");
            JsonNode layers = root.path("layers");
            if (!layers.isArray()) {
                throw new MalformedContent("manifest has no 'layers' array");
            }
            List<Descriptor> descriptors = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                descriptors.add(descriptor(layers.get(i), "layers[" + i + "]"));
            }
            return new ImageManifest(mediaType, config, descriptors);
        }
        throw new MalformedContent("unsupported manifest media type '" + mediaType + "'");
    }

    static JsonNode readTree(byte[] content, String what)
    {
        try {
            JsonNode root = MAPPER.readTree(content);
            if (root == null || !root.isObject()) {
                throw new MalformedContent(what + " is not a JSON object");
            }
            return root;
        }
        catch (JsonProcessingException e) {
            throw new MalformedContent(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        catch (IOException e) {
            throw new MalformedContent(what + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Descriptor descriptor(JsonNode node, String field)
    {
        if (!node.isObject()) {
            throw new MalformedContent("'" + field + "' is not a descriptor object");
        }
        String digest = text(node, "digest").orElseThrow(() -> new MalformedContent("'" + field + ".digest' is missing"));
        if (!Digests.isValid(digest)) {
            throw new MalformedContent("'" + field + ".digest' is not a valid digest: '" + digest + "'");
        }
        JsonNode size = node.path("size");
        if (!size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
            throw new MalformedContent("'" + field + ".size' must be a non-negative integer, got " + size);
        }
        Optional<Platform> platform = Optional.empty();
        JsonNode platformNode = node.path("platform");
        if (platformNode.isObject()) {
            platform = Optional.of(platform(platformNode));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        node.path("annotations").fields().forEachRemaining(entry -> annotations.put(entry.getKey(), entry.getValue().asText()));
        List<String> urls = new ArrayList<>();
        node.path("urls").forEach(url -> urls.add(url.asText()));
        return new Descriptor(text(node, "mediaType").orElse(""), digest, size.asLong(), platform, annotations, urls);
    }

    static Platform platform(JsonNode node)
    {
        return new Platform(
                text(node, "os").orElse(""),
                text(node, "architecture").orElse(""),
                text(node, "variant"),
                text(node, "os.version"));
    }

    static Optional<String> text(JsonNode node, String field)
    {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String stripParameters(String contentType)
    {
        int semicolon = contentType.indexOf(';');
        return (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim();
    }
}

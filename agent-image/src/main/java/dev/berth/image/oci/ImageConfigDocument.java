package dev.berth.image.oci;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.image.reference.Digests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What berth reads from an image config: its platform, process defaults and the uncompressed layer digests. */
public record ImageConfigDocument(Platform platform, ImageConfig processDefaults, List<String> diffIds)
{
    public ImageConfigDocument
    {
        requireNonNull(platform, "platform is null");
        requireNonNull(processDefaults, "processDefaults is null");
        diffIds = List.copyOf(requireNonNull(diffIds, "diffIds is null"));
    }

    /** @throws MalformedContent saying what is wrong */
    public static ImageConfigDocument parse(byte[] content)
    {
        JsonNode root = ManifestParser.readTree(content, "image config");
        Platform platform = ManifestParser.platform(root);
        if (platform.os().isEmpty() || platform.architecture().isEmpty()) {
            throw new MalformedContent("image config does not name its 'os' and 'architecture'");
        }
        JsonNode config = root.path("config");
        ImageConfig defaults = new ImageConfig(
                strings(config.path("Entrypoint")),
                strings(config.path("Cmd")),
                strings(config.path("Env")),
                config.path("WorkingDir").asText(""),
                config.path("User").asText(""),
                keys(config.path("ExposedPorts")),
                labels(config.path("Labels")),
                config.path("StopSignal").asText(""),
                config.path("ArgsEscaped").asBoolean(false));
        List<String> diffIds = new ArrayList<>();
        JsonNode ids = root.path("rootfs").path("diff_ids");
        if (!ids.isMissingNode() && !ids.isNull() && !ids.isArray()) {
            // an object has a size too, and get(i) of it is null
            throw new MalformedContent("'rootfs.diff_ids' is not a list");
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i).asText();
            if (!Digests.isValid(id)) {
                throw new MalformedContent("'rootfs.diff_ids[" + i + "]' is not a valid digest: '" + id + "'");
            }
            diffIds.add(id);
        }
        return new ImageConfigDocument(platform, defaults, diffIds);
    }

    private static List<String> strings(JsonNode node)
    {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    private static Set<String> keys(JsonNode node)
    {
        Set<String> keys = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Map<String, String> labels(JsonNode node)
    {
        Map<String, String> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> labels.put(entry.getKey(), entry.getValue().asText()));
        return labels;
    }
}

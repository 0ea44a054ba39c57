package dev.berth.gpu.cdi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses CDI spec files (JSON, or YAML as {@code nvidia-ctk cdi generate} writes by default). Accepts the spec's
 * top-level {@code containerEdits} both as an object (what every producer writes) and as a list of objects (as
 * early versions of the spec text show it).
 */
public final class CdiSpecReader
{
    private static final Pattern KIND = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?/[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private CdiSpecReader() {}

    /**
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static CdiSpec parse(String source, String text)
    {
        JsonNode root;
        try {
            root = (source.endsWith(".json") ? JSON : YAML).readTree(text);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid " + (source.endsWith(".json") ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": not a CDI spec object");
        }
        if (!root.path("cdiVersion").isTextual()) {
            throw new IllegalArgumentException(source + ": cdiVersion is missing");
        }
        String kind = root.path("kind").asText("");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException(source + ": kind '" + kind + "' is not vendor.com/class");
        }
        JsonNode devices = root.path("devices");
        if (!devices.isArray() || devices.isEmpty()) {
            throw new IllegalArgumentException(source + ": devices must list at least one device");
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode device : devices) {
            String name = device.path("name").asText("");
            if (name.isEmpty()) {
                throw new IllegalArgumentException(source + ": a device has no name");
            }
            byName.put(name, device.path("containerEdits"));
        }
        JsonNode common = root.path("containerEdits");
        return new CdiSpec(kind, source, byName, common.isMissingNode() || common.isNull() ? MissingNode.getInstance() : common);
    }
}

package dev.berth.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.core.yaml.StrictYaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the agent's YAML config into flat dotted keys ({@code runtime: {youki: {binary: x}}} becomes
 * {@code runtime.youki.binary=x}; a list becomes comma-separated text), then applies {@code --set KEY=VALUE}
 * overrides on top.
 */
public final class ConfigFiles
{

    private ConfigFiles() {}

    public static ConfigMap load(Optional<Path> file, List<String> overrides)
    {
        Map<String, String> values = new TreeMap<>();
        if (file.isPresent()) {
            values.putAll(read(file.get()));
        }
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new Configuration("--set " + override + ": expected KEY=VALUE");
            }
            values.put(override.substring(0, equals).trim(), override.substring(equals + 1));
        }
        return new ConfigMap(values);
    }

    public static Map<String, String> read(Path file)
    {
        JsonNode root;
        try {
            root = StrictYaml.read(Files.readString(file));
        }
        catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new Configuration("config file " + file + location + ": " + e.getOriginalMessage(), e);
        }
        catch (NoSuchFileException e) {
            throw new Configuration("config file " + file + " does not exist", e);
        }
        catch (IOException e) {
            throw new Configuration("config file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return values;
        }
        if (!root.isObject()) {
            throw new Configuration("config file " + file + ": the top level must be a mapping of keys");
        }
        flatten("", root, values, file);
        return values;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> values, Path file)
    {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), values, file);
            }
        }
        else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isValueNode()) {
                    throw new Configuration("config file " + file + ": " + prefix + " must be a list of plain values");
                }
                items.add(item.asText());
            }
            values.put(prefix, String.join(",", items));
        }
        else if (!node.isNull()) {
            values.put(prefix, node.asText());
        }
    }
}

package dev.berth.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.text.NearestName;
import dev.berth.core.unit.ByteSize;
import dev.berth.core.unit.HumanDurations;
import dev.berth.core.yaml.StrictYaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the fields of one JSON/YAML object, recording every problem with its path instead of stopping at the
 * first. {@link #finish()} reports the fields nobody asked for as unknown, with the nearest valid name.
 */
final class NodeReader
{
    private final JsonNode node;
    private final String path;
    private final SpecProblems problems;
    private final Set<String> known = new LinkedHashSet<>();

    private NodeReader(JsonNode node, String path, SpecProblems problems)
    {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** A reader over {@code node}, or empty (with a problem recorded) when it is not an object. */
    static Optional<NodeReader> of(JsonNode node, String path, SpecProblems problems)
    {
        if (node == null || !node.isObject()) {
            problems.add(path, "must be a mapping of fields, not " + describe(node));
            return Optional.empty();
        }
        return Optional.of(new NodeReader(node, path, problems));
    }

    String path(String name)
    {
        return path.isEmpty() ? name : path + "." + name;
    }

    SpecProblems problems()
    {
        return problems;
    }

    Optional<JsonNode> child(String name)
    {
        known.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    Optional<String> optionalString(String name)
    {
        return child(name).flatMap(value -> scalar(name, value));
    }

    String string(String name, String defaultValue)
    {
        return optionalString(name).orElse(defaultValue);
    }

    String requiredString(String name)
    {
        Optional<String> value = optionalString(name);
        if (value.isEmpty() && (node.get(name) == null || node.get(name).isNull())) {
            problems.add(path(name), "is required");
        }
        return value.orElse("");
    }

    int integer(String name, int defaultValue, int min, int max)
    {
        Optional<JsonNode> value = child(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        JsonNode raw = value.get();
        long parsed;
        if (raw.isIntegralNumber() && raw.canConvertToLong()) {
            parsed = raw.asLong();
        }
        else if (raw.isTextual() && raw.asText().trim().matches("-?\\d{1,18}")) {
            parsed = Long.parseLong(raw.asText().trim());
        }
        else {
            problems.add(path(name), quote(raw) + " is not an integer");
            return defaultValue;
        }
        if (parsed < min || parsed > max) {
            problems.add(path(name), parsed + " is out of range (" + min + ".." + max + ")");
            return defaultValue;
        }
        return (int) parsed;
    }

    boolean bool(String name, boolean defaultValue)
    {
        Optional<JsonNode> value = child(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        JsonNode raw = value.get();
        if (raw.isBoolean()) {
            return raw.asBoolean();
        }
        if (raw.isTextual() && StrictYaml.booleanWord(raw.asText()).isPresent()) {
            return StrictYaml.booleanWord(raw.asText()).get();
        }
        problems.add(path(name), quote(raw) + " is not true or false");
        return defaultValue;
    }

    Duration duration(String name, Duration defaultValue)
    {
        Optional<String> value = optionalString(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration parsed = HumanDurations.parse(value.get());
            if (parsed.isNegative()) {
                problems.add(path(name), "must not be negative");
                return defaultValue;
            }
            return parsed;
        }
        catch (IllegalArgumentException e) {
            problems.add(path(name), e.getMessage());
            return defaultValue;
        }
    }

    long size(String name, long defaultValue)
    {
        Optional<String> value = optionalString(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return ByteSize.parse(value.get());
        }
        catch (IllegalArgumentException e) {
            problems.add(path(name), e.getMessage());
            return defaultValue;
        }
    }

    /** An enum written in lower case with dashes ({@code on-failure} for {@code ON_FAILURE}). */
    <E extends Enum<E>> E enumValue(String name, Class<E> type, E defaultValue)
    {
        Optional<JsonNode> raw = child(name);
        if (raw.isEmpty() || scalar(name, raw.get()).isEmpty()) {
            return defaultValue;
        }
        return parseEnum(path(name), yamlWord(raw.get()), type, problems).orElse(defaultValue);
    }

    /**
     * The word as written: YAML 1.1 reads an unquoted {@code no} as boolean false (the "Norway problem"), which
     * for an enum field like {@code restart: no} means the word "no".
     */
    static String yamlWord(JsonNode value)
    {
        if (value.isBoolean()) {
            return value.asBoolean() ? "yes" : "no";
        }
        // restart: off was YAML 1.1's false, so the word "no"
        return StrictYaml.booleanWord(value.asText()).map(word -> word ? "yes" : "no").orElse(value.asText());
    }

    static <E extends Enum<E>> Optional<E> parseEnum(String path, String text, Class<E> type, SpecProblems problems)
    {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String specName = constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
            names.add(specName);
            if (specName.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(constant);
            }
        }
        problems.add(path, "\"" + text + "\" is not one of " + String.join("|", names));
        return Optional.empty();
    }

    /** A list of strings; a single string is split as a shell would split words (quotes respected, no expansion). */
    List<String> stringList(String name)
    {
        Optional<JsonNode> value = child(name);
        if (value.isEmpty()) {
            return List.of();
        }
        JsonNode raw = value.get();
        if (raw.isTextual()) {
            try {
                return ShellWords.split(raw.asText());
            }
            catch (IllegalArgumentException e) {
                problems.add(path(name), e.getMessage());
                return List.of();
            }
        }
        if (!raw.isArray()) {
            problems.add(path(name), "must be a list of strings, not " + describe(raw));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            JsonNode element = raw.get(i);
            if (!element.isValueNode() || element.isNull()) {
                problems.add(path(name) + "[" + i + "]", "must be a string, not " + describe(element));
            }
            else {
                out.add(element.asText());
            }
        }
        return out;
    }

    /** A map of strings, written as a mapping or as a list of {@code KEY=VALUE}. */
    Map<String, String> stringMap(String name)
    {
        Optional<JsonNode> value = child(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (value.isEmpty()) {
            return out;
        }
        JsonNode raw = value.get();
        if (raw.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = raw.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isValueNode()) {
                    problems.add(path(name) + "." + field.getKey(), "must be a string, not " + describe(field.getValue()));
                }
                else {
                    out.put(field.getKey(), field.getValue().isNull() ? "" : field.getValue().asText());
                }
            }
        }
        else if (raw.isArray()) {
            for (int i = 0; i < raw.size(); i++) {
                String entry = raw.get(i).asText();
                int equals = entry.indexOf('=');
                if (equals <= 0) {
                    problems.add(path(name) + "[" + i + "]", "\"" + entry + "\" is not KEY=VALUE");
                }
                else {
                    out.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
        }
        else {
            problems.add(path(name), "must be a mapping or a list of KEY=VALUE, not " + describe(raw));
        }
        return out;
    }

    /** Reports every field that was never read as unknown, suggesting the nearest known name. */
    void finish()
    {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(path(name), NearestName.unknown("field", name, known));
            }
        }
    }

    private Optional<String> scalar(String name, JsonNode value)
    {
        if (!value.isValueNode()) {
            problems.add(path(name), "must be a single value, not " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    static String describe(JsonNode node)
    {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return quote(node);
    }

    static String quote(JsonNode node)
    {
        return "\"" + node.asText() + "\"";
    }
}

package dev.berth.core.config;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Configuration;
import dev.berth.core.text.NearestName;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The agent's configuration as flat dotted keys ({@code runtime.youki.binary}) to text values, read from the YAML
 * file and {@code --set} overrides. Typed reads go through {@link ConfigKey}s; a bad value is a
 * {@link Configuration} error naming the key.
 */
public final class ConfigMap
{
    private final Map<String, String> values;

    public ConfigMap(Map<String, String> values)
    {
        this.values = Map.copyOf(requireNonNull(values, "values is null"));
    }

    public static ConfigMap empty()
    {
        return new ConfigMap(Map.of());
    }

    public <T> T get(ConfigKey<T> key)
    {
        String text = values.get(key.name());
        if (text == null) {
            return key.defaultValue();
        }
        try {
            return key.parser().apply(text);
        }
        catch (IllegalArgumentException e) {
            throw new Configuration(key.name() + ": " + e.getMessage(), e);
        }
    }

    public Optional<String> raw(String name)
    {
        return Optional.ofNullable(values.get(name));
    }

    public Map<String, String> asMap()
    {
        return new TreeMap<>(values);
    }

    public ConfigMap with(String name, String value)
    {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(name, value);
        return new ConfigMap(copy);
    }

    /**
     * Refuses every key that no module declared, naming the nearest valid key, and every value its key cannot parse.
     *
     * @throws Configuration listing every problem
     */
    public void validate(Collection<ConfigKey<?>> known)
    {
        Set<String> names = known.stream().map(ConfigKey::name).collect(Collectors.toCollection(java.util.TreeSet::new));
        List<String> problems = new java.util.ArrayList<>();
        for (String name : new TreeMap<>(values).keySet()) {
            if (!names.contains(name)) {
                problems.add(NearestName.unknown("config key", name, names));
            }
        }
        for (ConfigKey<?> key : known) {
            try {
                get(key);
            }
            catch (Configuration e) {
                problems.add(e.fields().get("message").toString());
            }
        }
        if (!problems.isEmpty()) {
            throw new Configuration(String.join("; ", problems));
        }
    }
}

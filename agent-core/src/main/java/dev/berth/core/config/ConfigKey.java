package dev.berth.core.config;

import static java.util.Objects.requireNonNull;

import dev.berth.core.yaml.StrictYaml;
import dev.berth.core.unit.ByteSize;
import dev.berth.core.unit.HumanDurations;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One configuration property: its dotted name (under its module's prefix), its default, how its text is parsed,
 * and what it means. Modules declare their keys; the agent refuses any key nobody declared.
 */
public record ConfigKey<T>(String name, T defaultValue, Function<String, T> parser, String description)
{
    public ConfigKey
    {
        requireNonNull(name, "name is null");
        requireNonNull(parser, "parser is null");
        requireNonNull(description, "description is null");
    }

    public static ConfigKey<String> string(String name, String defaultValue, String description)
    {
        return new ConfigKey<>(name, defaultValue, Function.identity(), description);
    }

    public static ConfigKey<Duration> duration(String name, Duration defaultValue, String description)
    {
        return new ConfigKey<>(name, defaultValue, HumanDurations::parse, description);
    }

    /**
     * An interval something is scheduled at: zero is refused here, naming the key, rather than by the scheduler after
     * the agent has started, naming nothing.
     */
    public static ConfigKey<Duration> positiveDuration(String name, Duration defaultValue, String description)
    {
        return new ConfigKey<>(name, defaultValue, text -> {
            Duration parsed = HumanDurations.parse(text);
            if (parsed.isZero()) {
                throw new IllegalArgumentException("\"" + text + "\" must be greater than zero");
            }
            return parsed;
        }, description);
    }

    public static ConfigKey<Long> size(String name, long defaultValue, String description)
    {
        return new ConfigKey<>(name, defaultValue, ByteSize::parse, description);
    }

    public static ConfigKey<Integer> integer(String name, int defaultValue, String description)
    {
        return new ConfigKey<>(name, defaultValue, text -> {
            try {
                return Integer.parseInt(text.trim());
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not an integer");
            }
        }, description);
    }

    public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description)
    {
        // yes/no/on/off too: a config file's YAML 1.1 booleans stay valid now that YAML is read as written
        return new ConfigKey<>(name, defaultValue, text -> StrictYaml.booleanWord(text)
                .orElseThrow(() -> new IllegalArgumentException("\"" + text + "\" is not true or false")), description);
    }

    /** A comma-separated list; blank entries are dropped. */
    public static ConfigKey<List<String>> list(String name, List<String> defaultValue, String description)
    {
        return new ConfigKey<>(name, defaultValue,
                text -> Arrays.stream(text.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList(),
                description);
    }
}

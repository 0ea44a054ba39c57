package dev.berth.core.config;

import static java.util.Objects.requireNonNull;

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

    /**
     * A timeout, interval or delay: greater than zero, since every one is (a zero interval is refused by the scheduler
     * it configures only after the agent has started, and names no key).
     */
    public static ConfigKey<Duration> duration(String name, Duration defaultValue, String description)
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
        return new ConfigKey<>(name, defaultValue, text -> {
            if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException("\"" + text + "\" is not true or false");
            }
            return Boolean.parseBoolean(text);
        }, description);
    }

    /** A comma-separated list; blank entries are dropped. */
    public static ConfigKey<List<String>> list(String name, List<String> defaultValue, String description)
    {
        return new ConfigKey<>(name, defaultValue,
                text -> Arrays.stream(text.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList(),
                description);
    }
}

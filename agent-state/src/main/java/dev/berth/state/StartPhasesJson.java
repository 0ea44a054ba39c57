package dev.berth.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one JSON form of {@link StartPhases}, for the store and the API: each phase's milliseconds (to the microsecond)
 * as {@code <phase>Ms}, with {@code pullBytes} and {@code pullCached}. An unknown key is an error, not skipped.
 */
public final class StartPhasesJson
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private StartPhasesJson() {}

    public static ObjectNode encode(StartPhases phases)
    {
        ObjectNode node = JSON.createObjectNode();
        phases.durations().forEach((phase, duration) -> node.put(phase.wireName() + "Ms", duration.toNanos() / 1000 / 1000.0));
        if (phases.durations().containsKey(StartPhase.PULL)) {
            node.put("pullBytes", phases.pullBytes());
            node.put("pullCached", phases.pullCached());
        }
        return node;
    }

    /** @throws IllegalArgumentException naming the key that is unknown or not a number */
    public static StartPhases decode(JsonNode node)
    {
        if (!node.isObject()) {
            throw new IllegalArgumentException("start phases are not a JSON object");
        }
        Map<StartPhase, Duration> durations = new EnumMap<>(StartPhase.class);
        long bytes = 0;
        boolean cached = false;
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals("pullBytes") && value.canConvertToLong()) {
                bytes = value.asLong();
            }
            else if (key.equals("pullCached") && value.isBoolean()) {
                cached = value.asBoolean();
            }
            else {
                durations.put(phase(key), millis(key, value));
            }
        }
        return new StartPhases(durations, bytes, cached);
    }

    private static StartPhase phase(String key)
    {
        for (StartPhase phase : StartPhase.values()) {
            if (key.equals(phase.wireName() + "Ms")) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown start phase key '" + key + "'");
    }

    private static Duration millis(String key, JsonNode value)
    {
        if (!value.isNumber()) {
            throw new IllegalArgumentException(key + " is not a number: " + value);
        }
        return Duration.ofNanos(Math.round(value.asDouble() * 1_000_000));
    }
}

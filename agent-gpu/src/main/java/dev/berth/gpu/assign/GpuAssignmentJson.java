package dev.berth.gpu.assign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.MpsSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The one JSON form of a {@link GpuAssignment}: the store's column and the API's {@code gpu} object. */
public final class GpuAssignmentJson
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private GpuAssignmentJson() {}

    public static ObjectNode encode(GpuAssignment assignment)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("sharing", assignment.sharing().specName());
        strings(node.putArray("gpus"), assignment.gpus());
        strings(node.putArray("deviceNodes"), assignment.deviceNodes());
        assignment.mps().ifPresent(mps -> {
            ObjectNode settings = node.putObject("mps");
            settings.put("pipeDirectory", mps.pipeDirectory());
            settings.put("logDirectory", mps.logDirectory());
            mps.activeThreadPercentage().ifPresent(percentage -> settings.put("activeThreadPercentage", percentage));
            mps.pinnedMemoryLimit().ifPresent(limit -> settings.put("pinnedMemoryLimit", limit));
        });
        assignment.timeSliceIndex().ifPresent(index -> node.put("timeSliceIndex", index));
        strings(node.putArray("missing"), assignment.missing());
        node.put("checked", assignment.checked().toString());
        return node;
    }

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    public static GpuAssignment decode(JsonNode node)
    {
        String sharingName = text(node, "sharing");
        GpuSharing sharing = Arrays.stream(GpuSharing.values()).filter(value -> value.specName().equals(sharingName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("gpu.sharing: unknown mode '" + sharingName + "'"));
        Optional<MpsSettings> mps = Optional.empty();
        JsonNode settings = node.get("mps");
        if (settings != null && !settings.isNull()) {
            mps = Optional.of(new MpsSettings(text(settings, "pipeDirectory"), text(settings, "logDirectory"),
                    settings.has("activeThreadPercentage") ? OptionalInt.of(settings.get("activeThreadPercentage").asInt()) : OptionalInt.empty(),
                    settings.has("pinnedMemoryLimit") ? Optional.of(settings.get("pinnedMemoryLimit").asText()) : Optional.empty()));
        }
        OptionalInt slice = node.has("timeSliceIndex") ? OptionalInt.of(node.get("timeSliceIndex").asInt()) : OptionalInt.empty();
        return new GpuAssignment(sharing, strings(node, "gpus"), strings(node, "deviceNodes"), mps, slice, strings(node, "missing"),
                Instant.parse(text(node, "checked")));
    }

    private static void strings(ArrayNode array, List<String> values)
    {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode node, String field)
    {
        JsonNode array = node.get(field);
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("gpu." + field + " is not an array");
        }
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String text(JsonNode node, String field)
    {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("gpu." + field + " is not a string");
        }
        return value.asText();
    }
}

package dev.berth.gpu.cdi;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * One CDI spec file as read: its {@code kind} ({@code nvidia.com/gpu}), the file it came from, each device's
 * {@code containerEdits} by device name, and the spec-wide {@code containerEdits} applied when any of its devices
 * is asked for. Edits stay as JSON until resolution, when missing device numbers are read from the host.
 */
public record CdiSpec(String kind, String source, Map<String, JsonNode> devices, JsonNode commonEdits)
{
    public CdiSpec
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(source, "source is null");
        devices = Map.copyOf(requireNonNull(devices, "devices is null"));
        requireNonNull(commonEdits, "commonEdits is null");
    }
}

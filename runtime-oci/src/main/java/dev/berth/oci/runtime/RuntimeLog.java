package dev.berth.oci.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the runtime's JSON log (runc, crun and youki write one JSON object per line). */
public final class RuntimeLog
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RuntimeLog() {}

    /** Every entry in {@code text}; lines that are not JSON objects are kept as {@code level=unknown}. */
    public static List<RuntimeLogEntry> parse(String text)
    {
        List<RuntimeLogEntry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = MAPPER.readTree(line);
                if (node != null && node.isObject()) {
                    entries.add(new RuntimeLogEntry(node.path("level").asText("unknown"), node.path("msg").asText(""), node.path("time").asText("")));
                    continue;
                }
            }
            catch (IOException e) {
                // not JSON: a runtime that wrote plain text to its log
            }
            entries.add(new RuntimeLogEntry("unknown", line.strip(), ""));
        }
        return List.copyOf(entries);
    }

    /** The last error (or fatal) entry: the runtime's own account of why the call failed. */
    public static Optional<RuntimeLogEntry> lastError(String text)
    {
        return lastError(parse(text));
    }

    /** The last error (or fatal) entry among {@code entries}. */
    public static Optional<RuntimeLogEntry> lastError(List<RuntimeLogEntry> entries)
    {
        for (int i = entries.size() - 1; i >= 0; i--) {
            String level = entries.get(i).level();
            if (level.equals("error") || level.equals("fatal") || level.equals("unknown")) {
                return Optional.of(entries.get(i));
            }
        }
        return Optional.empty();
    }
}

package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;

/** {@code berth node}'s lines for the node's conditions: memory, pid and disk pressure, evictions, image collection. */
final class NodeConditionsText
{
    private NodeConditionsText() {}

    static void print(JsonNode node, PrintStream out)
    {
        JsonNode pressure = node.path("pressure");
        for (String kind : new String[] {"memory", "pids", "disk"}) {
            JsonNode condition = pressure.path(kind);
            if (condition.isObject()) {
                out.println(String.format("%-11s%s", kind + ":", (condition.path("pressure").asBoolean() ? "PRESSURE, " : "ok, ")
                        + condition.path("figure").asText()));
            }
        }
        for (JsonNode eviction : pressure.path("evictions")) {
            out.println("evicted:   " + eviction.path("container").asText() + " at " + eviction.path("time").asText() + " under "
                    + eviction.path("reason").asText());
        }
        JsonNode disk = node.path("disk");
        if (disk.isObject()) {
            out.println("images:    " + (disk.path("pressure").asBoolean() ? "PRESSURE" : "ok") + ", store's file system "
                    + disk.path("usedPercent").asDouble() + "% used of " + Sizes.human(disk.path("capacityBytes").asLong())
                    + " (" + Sizes.human(disk.path("availableBytes").asLong()) + " available); image gc above "
                    + disk.path("gcHighPercent").asInt() + "% down to " + disk.path("gcLowPercent").asInt() + "%");
            JsonNode last = disk.path("lastCollection");
            out.println("image gc:  " + (last.isObject()
                    ? "last " + last.path("time").asText() + " (" + last.path("trigger").asText() + "): " + last.path("imagesRemoved").size()
                            + " images removed, " + Sizes.human(last.path("bytesFreed").asLong()) + " freed"
                    : "no collection yet")
                    + "; " + disk.path("collections").asLong() + " since start");
        }
    }
}

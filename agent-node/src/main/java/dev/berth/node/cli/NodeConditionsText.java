package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;

/** {@code berth node}'s lines for the node's conditions: disk usage and image collection. */
final class NodeConditionsText
{
    private NodeConditionsText() {}

    static void print(JsonNode node, PrintStream out)
    {
        JsonNode disk = node.path("disk");
        if (disk.isObject()) {
            out.println("disk:      " + (disk.path("pressure").asBoolean() ? "PRESSURE" : "ok") + ", images' file system "
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

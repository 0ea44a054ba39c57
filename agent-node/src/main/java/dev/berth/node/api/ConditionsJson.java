package dev.berth.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.gc.GcRun;
import dev.berth.image.gc.ImageGcStatus;
import dev.berth.core.pressure.PressureCondition;
import dev.berth.node.pressure.Eviction;
import dev.berth.node.pressure.PressureMonitor;

import java.util.List;

/** The JSON forms of the node's conditions in {@code /v1/node}. Field names are the wire contract the CLI reads. */
public final class ConditionsJson
{
    private ConditionsJson() {}

    public static ObjectNode disk(ImageGcStatus status)
    {
        ObjectNode node = ViewJson.JSON.createObjectNode();
        node.put("pressure", status.underPressure());
        node.put("capacityBytes", status.usage().capacityBytes());
        node.put("availableBytes", status.usage().availableBytes());
        node.put("usedPercent", Math.round(status.usage().usedPercent() * 10) / 10.0);
        node.put("gcHighPercent", status.config().high());
        node.put("gcLowPercent", status.config().low());
        ArrayNode pinned = node.putArray("pinned");
        status.config().pinned().forEach(pinned::add);
        node.put("collections", status.runs());
        node.put("imagesRemovedTotal", status.imagesRemoved());
        node.put("bytesFreedTotal", status.bytesFreed());
        status.last().ifPresent(run -> node.set("lastCollection", run(run)));
        return node;
    }

    /** Each pressure condition (memory, pids, disk) with its figure and threshold, and the last evictions. */
    public static ObjectNode pressure(List<PressureCondition> conditions, List<Eviction> evictions)
    {
        ObjectNode node = ViewJson.JSON.createObjectNode();
        for (PressureCondition condition : conditions) {
            ObjectNode entry = node.putObject(condition.pressure().label());
            entry.put("pressure", condition.underPressure());
            entry.put("observed", condition.observed());
            entry.put("threshold", condition.threshold());
            entry.put("source", condition.source());
            entry.put("figure", PressureMonitor.figure(condition));
            entry.put("description", PressureMonitor.describe(condition));
        }
        ArrayNode evicted = node.putArray("evictions");
        for (Eviction eviction : evictions) {
            ObjectNode entry = evicted.addObject();
            entry.put("time", eviction.time().toString());
            entry.put("container", eviction.container().id());
            entry.put("service", eviction.container().service());
            entry.put("pressure", eviction.condition().pressure().label());
            entry.put("reason", PressureMonitor.describe(eviction.condition()));
            entry.put("memoryBytes", eviction.container().memoryBytes());
            entry.put("memoryLimitBytes", eviction.container().memoryLimitBytes());
            entry.put("pids", eviction.container().pids());
        }
        return node;
    }

    private static ObjectNode run(GcRun run)
    {
        ObjectNode node = ViewJson.JSON.createObjectNode();
        node.put("time", run.finished().toString());
        node.put("trigger", run.trigger().label());
        node.put("bytesFreed", run.bytesFreed());
        ArrayNode removed = node.putArray("imagesRemoved");
        run.imagesRemoved().forEach(removed::add);
        node.put("usedPercentBefore", Math.round(run.before().usedPercent() * 10) / 10.0);
        node.put("usedPercentAfter", Math.round(run.after().usedPercent() * 10) / 10.0);
        return node;
    }
}

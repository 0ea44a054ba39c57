package dev.berth.node.metrics;

import dev.berth.image.gc.GcRun;
import dev.berth.image.gc.ImageGcStatus;
import dev.berth.node.pressure.NodeConditions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import static java.util.Objects.requireNonNull;

/**
 * The node's conditions as metrics, refreshed at each scrape: the image store's usage, its collection thresholds, the
 * last collection and the totals since start. Registered at the first scrape that has them, so a node without them
 * shows none rather than zeros.
 */
final class ConditionMetrics
{
    private final MeterRegistry registry;
    private final AtomicReference<ImageGcStatus> disk = new AtomicReference<>();
    private boolean diskBound;

    ConditionMetrics(MeterRegistry registry)
    {
        this.registry = requireNonNull(registry, "registry is null");
    }

    synchronized void refresh(NodeConditions conditions)
    {
        Optional<ImageGcStatus> status = conditions.disk();
        status.ifPresent(disk::set);
        if (status.isPresent() && !diskBound) {
            bindDisk();
            diskBound = true;
        }
    }

    private void bindDisk()
    {
        gauge("berth_image_store_capacity_bytes", "Size of the file system holding the image store", status -> status.usage().capacityBytes());
        gauge("berth_image_store_available_bytes", "Bytes still available to the image store on its file system",
                status -> status.usage().availableBytes());
        gauge("berth_image_store_used_percent", "Percent of the image store's file system in use", status -> status.usage().usedPercent());
        Gauge.builder("berth_image_gc_threshold_percent", disk, reference -> reference.get().config().high())
                .description("Image gc thresholds: above high percent in use unused images are collected until usage is at most low")
                .tag("threshold", "high")
                .register(registry);
        Gauge.builder("berth_image_gc_threshold_percent", disk, reference -> reference.get().config().low())
                .description("Image gc thresholds: above high percent in use unused images are collected until usage is at most low")
                .tag("threshold", "low")
                .register(registry);
        gauge("berth_image_gc_last_run_timestamp_seconds", "When the last image collection finished (Unix time; 0 before the first)",
                status -> status.last().map(run -> run.finished().toEpochMilli() / 1000.0).orElse(0.0));
        gauge("berth_image_gc_last_freed_bytes", "Bytes the last image collection freed", status -> status.last().map(GcRun::bytesFreed).orElse(0L));
        gauge("berth_image_gc_last_images_removed", "Images the last image collection removed",
                status -> status.last().map(run -> run.imagesRemoved().size()).orElse(0));
        FunctionCounter.builder("berth_image_gc_runs", disk, reference -> reference.get().runs())
                .description("Image collections since the agent started (by threshold or after a write failed for want of space)")
                .register(registry);
        FunctionCounter.builder("berth_image_gc_images_removed", disk, reference -> reference.get().imagesRemoved())
                .description("Images removed by image collections since the agent started")
                .register(registry);
        FunctionCounter.builder("berth_image_gc_freed", disk, reference -> reference.get().bytesFreed())
                .description("Bytes freed by image collections since the agent started")
                .baseUnit("bytes")
                .register(registry);
    }

    private void gauge(String name, String help, ToDoubleFunction<ImageGcStatus> value)
    {
        Gauge.builder(name, disk, reference -> value.applyAsDouble(reference.get())).description(help).register(registry);
    }
}

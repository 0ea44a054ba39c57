package dev.berth.node.pressure;

import static java.util.Objects.requireNonNull;

import dev.berth.core.pressure.Pressure;
import dev.berth.core.pressure.PressureCondition;
import dev.berth.image.gc.ImageGarbageCollector;
import dev.berth.image.gc.ImageGcStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's own conditions, for {@code berth node}, {@code /metrics} and admission: memory and pid pressure, and the
 * image store's disk usage and collection.
 */
public final class NodeConditions
{
    public static final NodeConditions NONE = new NodeConditions(Optional.empty(), Optional.empty());

    private final Optional<ImageGarbageCollector> images;
    private final Optional<PressureMonitor> pressure;

    public NodeConditions(Optional<ImageGarbageCollector> images, Optional<PressureMonitor> pressure)
    {
        this.images = requireNonNull(images, "images is null");
        this.pressure = requireNonNull(pressure, "pressure is null");
    }

    /** The image store's usage, thresholds and last collection; empty when this node's images are not collected. */
    public Optional<ImageGcStatus> disk()
    {
        return images.map(ImageGarbageCollector::status);
    }

    /** Memory, pid and disk conditions, read now, with their thresholds. */
    public List<PressureCondition> conditions()
    {
        List<PressureCondition> conditions = new ArrayList<>();
        pressure.ifPresent(monitor -> conditions.addAll(monitor.conditions()));
        disk().ifPresent(disk -> conditions.add(new PressureCondition(Pressure.DISK, disk.underPressure(),
                Math.round(disk.usage().usedPercent()), disk.config().high(), "image store file system")));
        return List.copyOf(conditions);
    }

    /** @throws dev.berth.core.error.RouteToPeer when the node is under memory or pid pressure */
    public void admit(String service)
    {
        pressure.ifPresent(monitor -> monitor.admit(service));
    }

    /** The last containers evicted under pressure, oldest first. */
    public List<Eviction> evictions()
    {
        return pressure.map(PressureMonitor::recentEvictions).orElse(List.of());
    }
}

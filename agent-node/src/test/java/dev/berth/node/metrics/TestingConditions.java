package dev.berth.node.metrics;

import dev.berth.core.platform.HostPlatformDetector;
import dev.berth.core.platform.SystemHostProbe;
import dev.berth.image.DefaultImageService;
import dev.berth.image.ImageStoreConfig;
import dev.berth.image.gc.GcRun;
import dev.berth.image.gc.ImageGarbageCollector;
import dev.berth.image.gc.ImageGcConfig;
import dev.berth.image.gc.StoreUsage;
import dev.berth.node.pressure.NodeConditions;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/** Node conditions over an empty image store whose file system reads 90 of 100 bytes used, after one collection. */
final class TestingConditions
{
    private TestingConditions() {}

    static NodeConditions withDisk(Path root)
    {
        DefaultImageService store = new DefaultImageService(ImageStoreConfig.atRoot(root.resolve("images")),
                new HostPlatformDetector(new SystemHostProbe()).detect());
        ImageGarbageCollector collector = new ImageGarbageCollector(store, ImageGcConfig.DEFAULT, Set::of, () -> new StoreUsage(100, 10),
                Clock.systemUTC());
        collector.collect(GcRun.Trigger.THRESHOLD, Set.of());
        return new NodeConditions(Optional.of(collector), Optional.empty());
    }
}

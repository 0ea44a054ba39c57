package dev.berth.node.cluster;

import static java.util.Objects.requireNonNull;

import dev.berth.bridge.HeldImage;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.SchedulerBridge;
import dev.berth.image.ImageService;
import dev.berth.image.StoredImage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the images this node holds in its published state, so the scheduler can prefer a node that need not pull:
 * every {@code interval} it lists the image store and republishes when the list changed. At most
 * {@link NodeState#MAX_IMAGES}, most recently stored first.
 */
public final class HeldImagesPublisher
        implements AutoCloseable
{
    private static final Logger log = LogManager.getLogger(HeldImagesPublisher.class);

    private final SchedulerBridge bridge;
    private final ImageService images;
    private final ScheduledExecutorService timer;
    private NodeState published;

    public HeldImagesPublisher(SchedulerBridge bridge, NodeState self, ImageService images, Duration interval)
    {
        this.bridge = requireNonNull(bridge, "bridge is null");
        this.published = requireNonNull(self, "self is null");
        this.images = requireNonNull(images, "images is null");
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "held-images");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::publish, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The images of a store listing as published: one per reference, most recently stored first, bounded. */
    public static List<HeldImage> held(List<StoredImage> stored)
    {
        return stored.stream()
                .sorted(Comparator.comparing(StoredImage::stored).reversed().thenComparing(StoredImage::reference))
                .limit(NodeState.MAX_IMAGES)
                .map(image -> new HeldImage(image.reference(), image.digest()))
                .toList();
    }

    /** What the store holds now; none when it cannot be listed (the timer tries again), so that the agent still starts. */
    public static List<HeldImage> heldNow(ImageService images)
    {
        try {
            return held(images.list());
        }
        catch (RuntimeException e) {
            log.warn("cannot list the images this node holds; publishing none for now: {}", e.getMessage());
            return List.of();
        }
    }

    private void publish()
    {
        try {
            List<HeldImage> held = held(images.list());
            if (!held.equals(published.images())) {
                NodeState next = published.withImages(held);
                bridge.update(next);
                published = next;
            }
        }
        catch (RuntimeException e) {
            // the next round tries again; the scheduler meanwhile works from the last list it has
            log.warn("cannot publish the images this node holds: {}", e.getMessage());
        }
    }

    @Override
    public void close()
    {
        timer.shutdownNow();
    }
}

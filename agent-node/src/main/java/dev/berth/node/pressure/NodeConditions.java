package dev.berth.node.pressure;

import static java.util.Objects.requireNonNull;

import dev.berth.image.gc.ImageGarbageCollector;
import dev.berth.image.gc.ImageGcStatus;

import java.util.Optional;

/** The node's own conditions, for {@code berth node} and {@code /metrics}: the image store's disk usage and collection. */
public final class NodeConditions
{
    public static final NodeConditions NONE = new NodeConditions(Optional.empty());

    private final Optional<ImageGarbageCollector> images;

    public NodeConditions(Optional<ImageGarbageCollector> images)
    {
        this.images = requireNonNull(images, "images is null");
    }

    /** The image store's usage, thresholds and last collection; empty when this node's images are not collected. */
    public Optional<ImageGcStatus> disk()
    {
        return images.map(ImageGarbageCollector::status);
    }
}

package dev.berth.node.images;

import dev.berth.core.runtime.PulledImage;
import dev.berth.image.ImageService;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.ServiceManager;

import java.util.HashSet;
import java.util.Set;

/**
 * The manifests the node's containers (running, exited or failed) were created from: their layers stay, whatever
 * happened to the names since. A container not yet pulled for counts by the image its name points at now.
 */
public final class ImagesInUse
{
    private ImagesInUse() {}

    public static Set<String> of(ServiceManager services, ImageService images)
    {
        Set<String> digests = new HashSet<>();
        for (ContainerView container : services.containers()) {
            container.imageDigest().or(() -> images.find(container.image()).map(PulledImage::digest)).ifPresent(digests::add);
        }
        return Set.copyOf(digests);
    }
}

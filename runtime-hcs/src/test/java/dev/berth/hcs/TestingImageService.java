package dev.berth.hcs;

import dev.berth.core.error.NotFound;
import dev.berth.core.error.PullFailed;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.GcReport;
import dev.berth.image.ImageService;
import dev.berth.image.LayerImporter;
import dev.berth.image.PullListener;
import dev.berth.image.StoredImage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An image service holding registered images and their layer folders; records which methods were called. */
public final class TestingImageService
        implements ImageService
{
    private final Map<String, PulledImage> images = new LinkedHashMap<>();
    private final Map<String, List<Path>> layers = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();

    public synchronized TestingImageService add(PulledImage image, List<Path> layerDirectories)
    {
        images.put(image.reference(), image);
        layers.put(image.digest(), List.copyOf(layerDirectories));
        return this;
    }

    public synchronized List<String> calls()
    {
        return List.copyOf(calls);
    }

    @Override
    public synchronized PulledImage pull(String reference, PlatformSpec platform, PullListener listener)
    {
        calls.add("pull:" + reference);
        PulledImage image = images.get(reference);
        if (image == null) {
            throw new PullFailed(reference, "not in the testing image service");
        }
        return image;
    }

    @Override
    public List<PulledImage> load(Path source, Optional<String> name)
    {
        throw new UnsupportedOperationException("load");
    }

    @Override
    public synchronized Optional<PulledImage> find(String reference)
    {
        return Optional.ofNullable(images.get(reference));
    }

    @Override
    public synchronized List<StoredImage> list()
    {
        return images.values().stream().map(image -> new StoredImage(image.reference(), image.digest(), image.platform(), 0, Instant.EPOCH)).toList();
    }

    @Override
    public synchronized void remove(String reference)
    {
        if (images.remove(reference) == null) {
            throw new NotFound(reference, "no such image");
        }
    }

    @Override
    public GcReport gc(Set<String> inUse)
    {
        return new GcReport(0, 0, 0);
    }

    @Override
    public synchronized List<Path> layerDirectories(PulledImage image, LayerImporter importer)
    {
        calls.add("layerDirectories:" + importer.name() + ":" + image.reference());
        return layers.getOrDefault(image.digest(), List.of());
    }

    @Override
    public synchronized List<Path> layerDirectories(PulledImage image)
    {
        calls.add("layerDirectories:" + image.reference());
        return layers.getOrDefault(image.digest(), List.of());
    }
}

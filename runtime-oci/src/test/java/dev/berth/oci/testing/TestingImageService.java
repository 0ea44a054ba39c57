package dev.berth.oci.testing;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.NotFound;
import dev.berth.core.error.Unsupported;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.GcReport;
import dev.berth.image.ImageService;
import dev.berth.image.LayerImporter;
import dev.berth.image.PullListener;
import dev.berth.image.StoredImage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An image store holding fixed images, each one directory as its single layer. */
public final class TestingImageService
        implements ImageService
{
    private final Map<String, PulledImage> images;
    private final Map<String, Path> layers;

    public TestingImageService(Map<String, PulledImage> images, Map<String, Path> layers)
    {
        this.images = Map.copyOf(requireNonNull(images, "images is null"));
        this.layers = Map.copyOf(requireNonNull(layers, "layers is null"));
    }

    public static PulledImage image(String reference, String os)
    {
        return image(reference, os, "");
    }

    public static PulledImage image(String reference, String os, String stopSignal)
    {
        ImageConfig config = new ImageConfig(List.of(), List.of(), List.of(), "", "", java.util.Set.of(), Map.of(), stopSignal);
        return new PulledImage(reference, "sha256:" + Integer.toHexString(reference.hashCode()), ImagePlatform.of(os, "amd64"), config);
    }

    @Override
    public PulledImage pull(String reference, PlatformSpec platform, PullListener listener)
    {
        return find(reference).orElseThrow(() -> new NotFound(reference, "not in the testing image store"));
    }

    @Override
    public List<PulledImage> load(Path source, Optional<String> name)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<PulledImage> find(String reference)
    {
        return Optional.ofNullable(images.get(reference));
    }

    @Override
    public List<StoredImage> list()
    {
        return List.of();
    }

    @Override
    public void remove(String reference)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public GcReport gc(Set<String> inUse)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Path> layerDirectories(PulledImage image)
    {
        return List.of(requireNonNull(layers.get(image.reference()), "no layer for " + image.reference()));
    }

    @Override
    public List<Path> layerDirectories(PulledImage image, LayerImporter importer)
    {
        throw new Unsupported("the OCI backends unpack layers themselves; no importer of theirs exists");
    }
}

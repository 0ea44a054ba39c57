package dev.berth.node.bootstrap;

import dev.berth.core.error.Unsupported;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.GcReport;
import dev.berth.image.ImageService;
import dev.berth.image.PullListener;
import dev.berth.image.StoredImage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Temporary seam until agent-image's ImageService is bound. */
final class UnwiredImageService
        implements ImageService
{
    private static Unsupported unwired()
    {
        return new Unsupported("the image component is not wired into this agent build yet");
    }

    @Override
    public PulledImage pull(String reference, PlatformSpec platform, PullListener listener)
    {
        throw unwired();
    }

    @Override
    public List<PulledImage> load(Path source, Optional<String> name)
    {
        throw unwired();
    }

    @Override
    public Optional<PulledImage> find(String reference)
    {
        return Optional.empty();
    }

    @Override
    public List<StoredImage> list()
    {
        return List.of();
    }

    @Override
    public void remove(String reference)
    {
        throw unwired();
    }

    @Override
    public GcReport gc()
    {
        throw unwired();
    }

    @Override
    public List<Path> layerDirectories(PulledImage image)
    {
        throw unwired();
    }
}

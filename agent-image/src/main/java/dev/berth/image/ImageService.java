package dev.berth.image;

import dev.berth.core.error.NotFound;
import dev.berth.core.error.PullFailed;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's one place to fetch, verify, store and unpack images, shared by every backend.
 * Every failure is an {@code AgentError}: {@link PullFailed} for fetch/verify/unpack problems, {@code InvalidSpec}
 * for a malformed reference, {@link NotFound} for an unknown image.
 */
public interface ImageService
{
    /**
     * Pulls {@code reference} from its registry, choosing the manifest for {@code platform} (the host's platform
     * where the spec leaves a part open), verifying every blob before committing it.
     */
    PulledImage pull(String reference, PlatformSpec platform, PullListener listener);

    /**
     * Imports an OCI image layout directory, an OCI archive or a docker-archive tarball. {@code name} names the
     * image where the source carries no name.
     */
    List<PulledImage> load(Path source, Optional<String> name);

    /** The image stored under {@code reference} (a name, name:tag or digest), if any. */
    Optional<PulledImage> find(String reference);

    List<StoredImage> list();

    /** Removes the image's name; its blobs go at the next {@link #gc()}. @throws NotFound */
    void remove(String reference);

    /** Removes blobs and unpacked layers that no stored image references. */
    default GcReport gc()
    {
        return gc(Set.of());
    }

    /**
     * Removes blobs and unpacked layers that neither a stored image nor one of {@code inUse} references.
     *
     * @param inUse manifest digests that containers still run on: a tag moved to a newer image since, or an image
     *     removed by name, must not take its layers from under them
     */
    GcReport gc(Set<String> inUse);

    /**
     * The image's layers unpacked into directories, bottom layer first, ready to be an overlay's lower
     * directories. Unpacks each layer once; later calls and other images sharing a layer reuse it.
     *
     * @throws PullFailed when a layer cannot be unpacked safely, naming the offending entry
     */
    List<Path> layerDirectories(PulledImage image);

    /**
     * The image's layers imported by a backend's own {@code importer} (Windows layers, which the Linux unpacker cannot
     * write), bottom layer first. The service decompresses, bounds and verifies each layer as for
     * {@link #layerDirectories(PulledImage)}; the importer only writes it. Imports each layer once.
     *
     * @throws PullFailed when a layer cannot be imported safely, naming the offending entry
     */
    List<Path> layerDirectories(PulledImage image, LayerImporter importer);

    /**
     * The image's layer blobs as stored (possibly compressed), bottom first, for a backend that imports layers itself
     * (HCS). The default says this service keeps no blobs.
     */
    default List<Path> layerBlobs(PulledImage image)
    {
        throw new dev.berth.core.error.Unsupported("this image service keeps no layer blobs");
    }
}

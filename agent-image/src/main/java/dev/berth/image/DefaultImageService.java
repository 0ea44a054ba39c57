package dev.berth.image;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.PlatformSelector;
import dev.berth.image.load.ImageLoader;
import dev.berth.image.pull.BlobFetcher;
import dev.berth.image.pull.Puller;
import dev.berth.image.reference.Digests;
import dev.berth.image.reference.ImageReference;
import dev.berth.image.registry.CredentialStore;
import dev.berth.image.registry.RegistryClient;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.CatalogEntry;
import dev.berth.image.store.ImageCatalog;
import dev.berth.image.store.ImageCommitter;
import dev.berth.image.store.LayerStore;
import dev.berth.image.unpack.LayerUnpacker;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * The image store on this node: pulls and loads hold a shared lock, garbage collection an exclusive one, so gc never
 * removes a blob an unfinished pull is about to reference.
 */
public final class DefaultImageService
        implements ImageService, AutoCloseable
{
    private static final Logger log = LogManager.getLogger(DefaultImageService.class);

    private final BlobStore blobs;
    private final LayerStore layers;
    private final ImageCatalog catalog;
    private final ImageCommitter committer;
    private final Puller puller;
    private final ImageLoader loader;
    private final ExecutorService downloads;
    private final ExecutorService unpacks;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    public DefaultImageService(ImageStoreConfig config, HostPlatform host)
    {
        requireNonNull(config, "config is null");
        requireNonNull(host, "host is null");
        this.blobs = new BlobStore(config.blobsDirectory(), config.ingestDirectory());
        this.layers = new LayerStore(config.layersDirectory(), new LayerUnpacker(config.maxLayerSize(), config.allowDeviceNodes()));
        this.catalog = new ImageCatalog(config.indexFile());
        this.committer = new ImageCommitter(blobs, layers, catalog, config);
        AtomicInteger threads = new AtomicInteger();
        this.downloads = Executors.newFixedThreadPool(config.concurrentDownloads(), runnable -> {
            Thread thread = new Thread(runnable, "image-download-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger unpackThreads = new AtomicInteger();
        this.unpacks = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
            Thread thread = new Thread(runnable, "image-unpack-" + unpackThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        RegistryClient client = new RegistryClient(() -> RegistryClient.newHttpClient(config), config, new CredentialStore(config.authFile()));
        PlatformSelector selector = new PlatformSelector(host);
        this.puller = new Puller(client, new BlobFetcher(client, blobs, downloads, config), blobs, committer, selector, config, unpacks);
        this.loader = new ImageLoader(blobs, committer, selector, config);
    }

    @Override
    public PulledImage pull(String reference, PlatformSpec platform, PullListener listener)
    {
        ImageReference parsed = ImageReference.parse(reference);
        requireNonNull(platform, "platform is null");
        requireNonNull(listener, "listener is null");
        lock.readLock().lock();
        try {
            return puller.pull(parsed, platform, listener);
        }
        finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<PulledImage> load(Path source, Optional<String> name)
    {
        name.ifPresent(ImageReference::parse);
        lock.readLock().lock();
        try {
            return loader.load(source, name);
        }
        finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<PulledImage> find(String reference)
    {
        return entries(reference).stream().findFirst().map(CatalogEntry::toPulledImage);
    }

    @Override
    public List<StoredImage> list()
    {
        return catalog.all().stream().map(CatalogEntry::toStoredImage).toList();
    }

    @Override
    public void remove(String reference)
    {
        List<CatalogEntry> entries = entries(reference);
        if (entries.isEmpty()) {
            throw new NotFound(reference, "no such image in the store");
        }
        for (CatalogEntry entry : entries) {
            catalog.remove(entry.reference());
            log.info("removed image {} ({})", entry.reference(), entry.digest());
        }
    }

    /** A bare digest matches every name of that manifest; otherwise the canonical name must match. */
    private List<CatalogEntry> entries(String reference)
    {
        if (Digests.isValid(reference)) {
            return catalog.byDigest(reference);
        }
        return catalog.byReference(ImageReference.parse(reference).canonical()).stream().toList();
    }

    @Override
    public GcReport gc(Set<String> inUse)
    {
        requireNonNull(inUse, "inUse is null");
        lock.writeLock().lock();
        try {
            Set<String> liveBlobs = new HashSet<>();
            Set<String> liveLayers = new HashSet<>();
            for (CatalogEntry entry : catalog.all()) {
                keep(entry.reference(), entry.digest(), liveBlobs, liveLayers);
            }
            for (String digest : inUse) {
                if (!liveBlobs.contains(digest) && blobs.contains(digest)) {
                    keep(digest, digest, liveBlobs, liveLayers);
                }
            }
            int blobsRemoved = 0;
            int layersRemoved = 0;
            long freed = 0;
            for (String digest : blobs.digests()) {
                if (!liveBlobs.contains(digest)) {
                    freed += blobs.delete(digest);
                    blobsRemoved++;
                }
            }
            for (String diffId : layers.diffIds()) {
                if (!liveLayers.contains(diffId)) {
                    freed += treeSize(layers.path(diffId));
                    layers.delete(diffId);
                    layersRemoved++;
                }
            }
            blobs.clearIngest();
            layers.clearStaging();
            log.info("image gc removed {} blobs and {} layers, {} bytes", blobsRemoved, layersRemoved, freed);
            return new GcReport(blobsRemoved, layersRemoved, freed);
        }
        catch (IOException e) {
            throw new Internal("image gc failed: " + e.getMessage(), e);
        }
        finally {
            lock.writeLock().unlock();
        }
    }

    private void keep(String reference, String manifestDigest, Set<String> liveBlobs, Set<String> liveLayers)
    {
        liveBlobs.add(manifestDigest);
        ImageManifest manifest = committer.manifest(reference, manifestDigest);
        liveBlobs.add(manifest.config().digest());
        manifest.layers().stream().map(Descriptor::digest).forEach(liveBlobs::add);
        liveLayers.addAll(committer.config(reference, manifest).diffIds());
    }

    @Override
    public List<Path> layerDirectories(PulledImage image)
    {
        requireNonNull(image, "image is null");
        lock.readLock().lock();
        try {
            return committer.layerDirectories(image);
        }
        finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Path> layerDirectories(PulledImage image, LayerImporter importer)
    {
        requireNonNull(image, "image is null");
        requireNonNull(importer, "importer is null");
        lock.readLock().lock();
        try {
            return committer.importedLayerDirectories(image, importer);
        }
        finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Path> layerBlobs(PulledImage image)
    {
        ImageManifest manifest = committer.manifest(image.reference(), image.digest());
        return manifest.layers().stream().map(layer -> blobs.path(layer.digest())).toList();
    }

    private static long treeSize(Path root)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)).mapToLong(path -> {
                try {
                    return Files.size(path);
                }
                catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    @Override
    public void close()
    {
        downloads.shutdownNow();
        unpacks.shutdownNow();
    }
}

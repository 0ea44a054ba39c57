package dev.berth.image.store;

import static java.util.Objects.requireNonNull;

import dev.berth.image.reference.Digests;
import dev.berth.image.unpack.LayerUnpacker;
import dev.berth.image.unpack.Trees;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Unpacked Linux layers, one directory per uncompressed layer digest ({@code <root>/layers/<hex>}), each an overlayfs
 * lower directory shared by every image and container that has the layer. A layer is unpacked into a staging
 * directory and renamed into place when complete, so a layer directory that exists is whole.
 */
public final class LayerStore
{
    private static final Logger log = LogManager.getLogger(LayerStore.class);
    private static final String STAGING_PREFIX = ".staging-";

    private final Path directory;
    private final LayerUnpacker unpacker;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public LayerStore(Path directory, LayerUnpacker unpacker)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.unpacker = requireNonNull(unpacker, "unpacker is null");
        try {
            Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    public Path path(String diffId)
    {
        Digests.require(diffId, "layer diff_id");
        return directory.resolve(Digests.algorithm(diffId).equals("sha256") ? Digests.hex(diffId) : Digests.algorithm(diffId) + "-" + Digests.hex(diffId));
    }

    public boolean contains(String diffId)
    {
        return Files.isDirectory(path(diffId));
    }

    /**
     * The layer's directory, unpacking {@code blob} first when it is not there yet.
     *
     * @throws dev.berth.image.unpack.UnsafeLayer when the layer cannot be unpacked safely; nothing is left behind
     */
    public Path ensure(String diffId, Path blob)
            throws IOException
    {
        return ensure(diffId, blob, (in, staging) -> unpacker.unpack(in, staging, Optional.of(diffId)));
    }

    /** How a layer's blob becomes the content of a staging folder. */
    @FunctionalInterface
    public interface Unpack
    {
        void into(InputStream blob, Path staging)
                throws IOException;
    }

    /**
     * The folder stored under {@code layerKey} (a digest), made by {@code unpack} from {@code blob} first when it is not there yet
     * (a backend's own import keys layers by chain ID: a Windows layer depends on its parents).
     */
    public Path ensure(String layerKey, Path blob, Unpack unpack)
            throws IOException
    {
        String diffId = layerKey;
        Path target = path(diffId);
        synchronized (locks.computeIfAbsent(diffId, key -> new Object())) {
            if (Files.isDirectory(target)) {
                return target;
            }
            Path staging = directory.resolve(STAGING_PREFIX + UUID.randomUUID());
            Files.createDirectory(staging);
            boolean done = false;
            try (InputStream in = Files.newInputStream(blob)) {
                long started = System.nanoTime();
                unpack.into(in, staging);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                BlobStore.syncDirectory(directory);
                done = true;
                log.debug("unpacked layer {} in {} ms", diffId, (System.nanoTime() - started) / 1_000_000);
                return target;
            }
            finally {
                if (!done) {
                    Trees.deleteRecursively(staging);
                }
            }
        }
    }

    /** Every unpacked layer's diff_id. */
    public Set<String> diffIds()
            throws IOException
    {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(STAGING_PREFIX)) {
                    continue;
                }
                String id = name.contains("-") ? name.replaceFirst("-", ":") : "sha256:" + name;
                if (Digests.isValid(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    public void delete(String diffId)
            throws IOException
    {
        synchronized (locks.computeIfAbsent(diffId, key -> new Object())) {
            Trees.deleteRecursively(path(diffId));
        }
    }

    /** Removes staging directories left by an unpack that died with the process; only call while nothing unpacks. */
    public int clearStaging()
            throws IOException
    {
        int removed = 0;
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().startsWith(STAGING_PREFIX)) {
                    Trees.deleteRecursively(entry);
                    removed++;
                }
            }
        }
        return removed;
    }
}

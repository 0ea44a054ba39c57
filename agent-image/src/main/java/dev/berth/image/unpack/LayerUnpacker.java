package dev.berth.image.unpack;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.util.Objects.requireNonNull;

import dev.berth.image.reference.Digests;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/**
 * Unpacks one Linux layer into its own directory, in the form overlayfs takes as a lower directory: a whiteout
 * ({@code .wh.name}) becomes a 0/0 character device, an opaque marker ({@code .wh..wh..opq}) the
 * {@code trusted.overlay.opaque=y} xattr on its directory. Layers stay separate (not flattened) so that every image
 * and container sharing a layer shares its one copy, and a container starts with a mount instead of a copy.
 *
 * <p>Every entry lands inside the layer directory or the layer is refused: absolute names, {@code ..}, a path through
 * a symlink, and hard links to anything not already in this layer are {@link UnsafeLayer} naming the entry. The
 * uncompressed size is bounded and its digest must equal the config's diff_id.
 */
public final class LayerUnpacker
{
    private static final Logger log = LogManager.getLogger(LayerUnpacker.class);
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE_MARKER = ".wh..wh..opq";

    private final long maxLayerSize;
    private final boolean allowDeviceNodes;
    private final boolean canChown;

    public LayerUnpacker(long maxLayerSize, boolean allowDeviceNodes)
    {
        this.maxLayerSize = maxLayerSize;
        this.allowDeviceNodes = allowDeviceNodes;
        this.canChown = "root".equals(System.getProperty("user.name"));
    }

    /**
     * Unpacks {@code layer} (compressed or not) into the empty directory {@code root}.
     *
     * @param expectedDiffId the config's diff_id for this layer, or empty to skip the check
     * @return the digest of the uncompressed tar
     * @throws UnsafeLayer naming the offending entry
     */
    public String unpack(InputStream layer, Path root, Optional<String> expectedDiffId)
            throws IOException
    {
        requireNonNull(layer, "layer is null");
        requireNonNull(root, "root is null");
        String algorithm = expectedDiffId.map(Digests::algorithm).orElse("sha256");
        MessageDigest digest = Digests.newDigest(algorithm);
        BoundedDigestInputStream bounded = new BoundedDigestInputStream(Compression.decompressed(layer), digest, maxLayerSize);
        List<DeferredTimes> directoryTimes = new ArrayList<>();
        Set<Path> directories = new HashSet<>();
        Written written = new Written();
        TarArchiveInputStream tar = new TarArchiveInputStream(bounded);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            apply(tar, entry, root, directoryTimes, directories, written);
        }
        bounded.drain();
        String diffId = Digests.format(algorithm, digest);
        if (expectedDiffId.isPresent() && !expectedDiffId.get().equals(diffId)) {
            throw new UnsafeLayer("uncompressed layer has digest " + diffId + " but the image config says " + expectedDiffId.get(),
                    Optional.empty(), null, null);
        }
        for (int i = directoryTimes.size() - 1; i >= 0; i--) {
            DeferredTimes times = directoryTimes.get(i);
            setTimes(times.path, times.modified);
        }
        return diffId;
    }

    /** @param directories real directories (not symlinks) already checked, so each parent is lstat'ed once per layer */
    private void apply(InputStream content, TarArchiveEntry entry, Path root, List<DeferredTimes> directoryTimes, Set<Path> directories,
            Written written)
            throws IOException
    {
        String name = entry.getName();
        List<String> components = EntryPaths.components(name, name, "name");
        if (components.isEmpty()) {
            if (entry.isDirectory()) {
                setMetadata(root, entry);
                directoryTimes.add(new DeferredTimes(root, entry.getLastModifiedTime()));
            }
            return;
        }
        String base = components.get(components.size() - 1);
        Path parent = parentDirectory(root, components.subList(0, components.size() - 1), name, directories);
        if (base.equals(OPAQUE_MARKER)) {
            NativeFiles.setXattr(parent, "trusted.overlay.opaque", "y".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX)) {
            String hidden = base.substring(WHITEOUT_PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw UnsafeLayer.entry(name, "whiteout names no file");
            }
            Path target = parent.resolve(hidden);
            removeExisting(target, directories);
            NativeFiles.mknod(target, Libc.S_IFCHR, 0, 0, 0);
            setOwner(target, entry);
            return;
        }
        Path target = parent.resolve(base);
        if (entry.isDirectory()) {
            if (!Files.isDirectory(target, NOFOLLOW_LINKS)) {
                removeExisting(target, directories);
                Files.createDirectory(target);
            }
            directories.add(target);
            setMetadata(target, entry);
            directoryTimes.add(new DeferredTimes(target, entry.getLastModifiedTime()));
            return;
        }
        removeExisting(target, directories);
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            setOwner(target, entry);
            setXattrs(target, entry);
            setTimes(target, entry.getLastModifiedTime());
        }
        else if (entry.isLink()) {
            Path existing = hardLinkTarget(root, entry);
            Files.createLink(target, existing);
        }
        else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            if (!allowDeviceNodes) {
                log.warn("skipping device node '{}' in layer: image.allow-device-nodes is false", name);
                return;
            }
            NativeFiles.mknod(target, entry.isCharacterDevice() ? Libc.S_IFCHR : Libc.S_IFBLK, entry.getMode(), entry.getDevMajor(), entry.getDevMinor());
            setSpecialFileMetadata(target, entry);
        }
        else if (entry.isFIFO()) {
            NativeFiles.mknod(target, Libc.S_IFIFO, entry.getMode(), 0, 0);
            setSpecialFileMetadata(target, entry);
        }
        else if (entry.isFile()) {
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW_LINKS)) {
                copy(content, out, written, name);
            }
            setMetadata(target, entry);
        }
        else {
            log.warn("skipping entry '{}' of unsupported tar type '{}'", name, (char) entry.getLinkFlag());
        }
    }

    /**
     * Copies an entry's content, counting what is written against image.max-layer-size: the tar's own bytes are
     * bounded as they are read, but a sparse entry expands its holes to zeros on the way out.
     */
    private void copy(InputStream content, OutputStream out, Written written, String name)
            throws IOException
    {
        byte[] buffer = new byte[64 * 1024];
        for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
            written.total += read;
            if (written.total > maxLayerSize) {
                throw UnsafeLayer.entry(name, "the layer's files expand past the limit of " + maxLayerSize
                        + " bytes (image.max-layer-size); a sparse file's holes count in full");
            }
            out.write(buffer, 0, read);
        }
    }

    /** The entry's parent directory, created where missing; never through a symlink or a file. */
    private static Path parentDirectory(Path root, List<String> components, String entry, Set<Path> directories)
            throws IOException
    {
        Path current = root;
        for (String component : components) {
            current = current.resolve(component);
            if (directories.contains(current)) {
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(current, BasicFileAttributes.class, NOFOLLOW_LINKS);
            }
            catch (NoSuchFileException e) {
                Files.createDirectory(current);
                directories.add(current);
                continue;
            }
            if (attributes.isSymbolicLink()) {
                throw UnsafeLayer.entry(entry, "its path goes through the symlink '" + root.relativize(current) + "' (-> "
                        + Files.readSymbolicLink(current) + ")");
            }
            if (!attributes.isDirectory()) {
                throw UnsafeLayer.entry(entry, "its parent '" + root.relativize(current) + "' is not a directory");
            }
            directories.add(current);
        }
        return current;
    }

    private static Path hardLinkTarget(Path root, TarArchiveEntry entry)
            throws IOException
    {
        String name = entry.getName();
        List<String> components = EntryPaths.components(entry.getLinkName(), name, "hard link target");
        if (components.isEmpty()) {
            throw UnsafeLayer.entry(name, "hard link to the root directory");
        }
        Path current = root;
        for (int i = 0; i < components.size(); i++) {
            current = current.resolve(components.get(i));
            boolean last = i == components.size() - 1;
            if (!last && Files.isSymbolicLink(current)) {
                throw UnsafeLayer.entry(name, "hard link target '" + entry.getLinkName() + "' goes through a symlink");
            }
            if (!Files.exists(current, NOFOLLOW_LINKS)) {
                throw UnsafeLayer.entry(name, "hard link target '" + entry.getLinkName() + "' is not in this layer");
            }
        }
        if (Files.isDirectory(current, NOFOLLOW_LINKS)) {
            throw UnsafeLayer.entry(name, "hard link target '" + entry.getLinkName() + "' is a directory");
        }
        return current;
    }

    /** Removes whatever is at {@code target}, forgetting it and everything under it as checked directories. */
    private static void removeExisting(Path target, Set<Path> directories)
            throws IOException
    {
        if (!Files.exists(target, NOFOLLOW_LINKS)) {
            return;
        }
        directories.removeIf(directory -> directory.startsWith(target));
        if (Files.isDirectory(target, NOFOLLOW_LINKS)) {
            Trees.deleteRecursively(target);
        }
        else {
            Files.delete(target);
        }
    }

    private void setMetadata(Path target, TarArchiveEntry entry)
            throws IOException
    {
        setOwner(target, entry);
        Files.setAttribute(target, "unix:mode", entry.getMode() & 07777, NOFOLLOW_LINKS);
        setXattrs(target, entry);
        if (!entry.isDirectory()) {
            setTimes(target, entry.getLastModifiedTime());
        }
    }

    /** Devices and FIFOs: never opened (opening a FIFO blocks until a writer comes; opening a device can act on it). */
    private void setSpecialFileMetadata(Path target, TarArchiveEntry entry)
            throws IOException
    {
        setOwner(target, entry);
        NativeFiles.chmod(target, entry.getMode());
        setXattrs(target, entry);
        NativeFiles.setTimes(target, entry.getLastModifiedTime());
    }

    private void setOwner(Path target, TarArchiveEntry entry)
            throws IOException
    {
        if (!canChown) {
            return;
        }
        Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW_LINKS);
    }

    private static void setXattrs(Path target, TarArchiveEntry entry)
    {
        entry.getExtraPaxHeaders().forEach((key, value) -> {
            if (!key.startsWith("SCHILY.xattr.")) {
                return;
            }
            String attribute = key.substring("SCHILY.xattr.".length());
            if (!attribute.startsWith("user.") && !attribute.startsWith("security.")) {
                log.debug("skipping xattr {} on {}: only user.* and security.* are applied", attribute, entry.getName());
                return;
            }
            try {
                NativeFiles.setXattr(target, attribute, value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            catch (IOException e) {
                log.warn("cannot set xattr {} on '{}': {}", attribute, entry.getName(), e.getMessage());
            }
        });
    }

    /**
     * By path, never opening the file: the JDK's setTimes opens it, which blocks forever on a FIFO that a later entry
     * put where a directory was (its deferred times are still due).
     */
    private static void setTimes(Path target, FileTime modified)
            throws IOException
    {
        NativeFiles.setTimes(target, modified);
    }

    private record DeferredTimes(Path path, FileTime modified) {}

    /** Bytes written to files of one layer so far. */
    private static final class Written
    {
        private long total;
    }
}

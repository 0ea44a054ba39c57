package dev.berth.image.store;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

import dev.berth.image.reference.Digests;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Content-addressed blobs under {@code <root>/blobs/<algorithm>/<hex>}. A blob is written to {@code <root>/ingest},
 * fsynced, checked against its digest and size, and only then renamed into place, so a committed blob is always
 * complete and correct.
 */
public final class BlobStore
{
    private static final Logger log = LogManager.getLogger(BlobStore.class);

    private final Path blobs;
    private final Path ingest;

    public BlobStore(Path blobs, Path ingest)
    {
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.ingest = requireNonNull(ingest, "ingest is null");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(ingest);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create the image store under " + blobs.getParent(), e);
        }
    }

    public Path path(String digest)
    {
        Digests.require(digest, "blob digest");
        return blobs.resolve(Digests.algorithm(digest)).resolve(Digests.hex(digest));
    }

    public boolean contains(String digest)
    {
        return Files.isRegularFile(path(digest));
    }

    public long size(String digest)
        throws IOException
    {
        return Files.size(path(digest));
    }

    /** Reads a blob of at most {@code maxSize} bytes. @throws ContentMismatch when it is larger */
    public byte[] read(String digest, long maxSize)
            throws IOException
    {
        Path path = path(digest);
        long size = Files.size(path);
        if (size > maxSize) {
            throw new ContentMismatch("blob " + digest + " is " + size + " bytes, over the limit of " + maxSize);
        }
        return Files.readAllBytes(path);
    }

    /** Where a download of {@code digest} keeps its bytes until commit; kept across retries for resuming. */
    public Path partialPath(String digest)
    {
        Digests.require(digest, "blob digest");
        return ingest.resolve(Digests.algorithm(digest) + "-" + Digests.hex(digest) + ".partial");
    }

    /**
     * Commits a fully written temporary file as {@code expectedDigest}, given the digest and size computed while
     * writing it. On a mismatch the file is deleted and nothing is committed.
     *
     * @throws ContentMismatch when digest or size differ
     */
    public Path commit(Path temporary, String expectedDigest, long expectedSize, String actualDigest, long actualSize)
            throws IOException
    {
        if (expectedSize >= 0 && actualSize != expectedSize) {
            Files.deleteIfExists(temporary);
            throw new ContentMismatch("blob " + expectedDigest + " has " + actualSize + " bytes, expected " + expectedSize);
        }
        if (!actualDigest.equals(expectedDigest)) {
            Files.deleteIfExists(temporary);
            throw new ContentMismatch("blob content has digest " + actualDigest + ", expected " + expectedDigest);
        }
        try (FileChannel channel = FileChannel.open(temporary, WRITE)) {
            channel.force(true);
        }
        Path target = path(expectedDigest);
        Files.createDirectories(target.getParent());
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
        log.debug("committed blob {} ({} bytes)", expectedDigest, actualSize);
        return target;
    }

    /**
     * Writes {@code content} as a blob, verifying it against {@code expectedDigest} (or naming it by its sha256 when
     * null) and {@code expectedSize} (when not negative), reading at most {@code maxSize} bytes.
     *
     * @return the blob's digest
     * @throws ContentMismatch when digest or size differ or the content is over {@code maxSize}
     */
    public String write(InputStream content, String expectedDigest, long expectedSize, long maxSize)
            throws IOException
    {
        String algorithm = expectedDigest == null ? "sha256" : Digests.algorithm(expectedDigest);
        MessageDigest digest = Digests.newDigest(algorithm);
        Path temporary = ingest.resolve("write-" + UUID.randomUUID() + ".tmp");
        long written = 0;
        try {
            try (FileChannel channel = FileChannel.open(temporary, CREATE, TRUNCATE_EXISTING, WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = content.read(buffer)) > 0) {
                    written += read;
                    if (written > maxSize) {
                        throw new ContentMismatch("blob " + (expectedDigest == null ? "" : expectedDigest + " ") + "is over the limit of " + maxSize + " bytes");
                    }
                    digest.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                }
            }
            String actual = Digests.format(algorithm, digest);
            commit(temporary, expectedDigest == null ? actual : expectedDigest, expectedSize, actual, written);
            return expectedDigest == null ? actual : expectedDigest;
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    public String write(byte[] content)
            throws IOException
    {
        return write(new java.io.ByteArrayInputStream(content), null, content.length, content.length);
    }

    /** Every committed blob's digest. */
    public Set<String> digests()
            throws IOException
    {
        Set<String> digests = new TreeSet<>();
        if (!Files.isDirectory(blobs)) {
            return digests;
        }
        try (Stream<Path> algorithms = Files.list(blobs)) {
            for (Path algorithm : algorithms.toList()) {
                try (Stream<Path> files = Files.list(algorithm)) {
                    files.map(file -> algorithm.getFileName() + ":" + file.getFileName())
                            .filter(Digests::isValid)
                            .forEach(digests::add);
                }
            }
        }
        return digests;
    }

    public long delete(String digest)
            throws IOException
    {
        Path path = path(digest);
        long size = Files.exists(path) ? Files.size(path) : 0;
        Files.deleteIfExists(path);
        return size;
    }

    /** Removes leftovers of interrupted writes and downloads; none is in use when no pull runs. */
    public int clearIngest()
            throws IOException
    {
        int removed = 0;
        try (Stream<Path> files = Files.list(ingest)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
                removed++;
            }
        }
        return removed;
    }

    static void syncDirectory(Path directory)
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException e) {
            log.debug("cannot fsync directory {}: {}", directory, e.toString());
        }
    }
}

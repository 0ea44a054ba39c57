package dev.berth.image.testing;

import com.github.luben.zstd.ZstdOutputStream;
import dev.berth.image.oci.MediaTypes;
import dev.berth.image.unpack.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A layer built in memory, entry by entry, in order: files, directories, links, whiteouts, opaque markers, device
 * nodes, and hostile entries (names with {@code ..}, absolute names, links out of the root) that a real tar tool
 * would refuse to write. Names are written exactly as given.
 */
public final class TestLayer
{
    private static final long MTIME = 1_700_000_000_000L;

    private final List<Entry> entries = new ArrayList<>();
    private Compression compression = Compression.GZIP;
    private byte[] rawTar;

    /** A layer of a tar made elsewhere (by GNU tar, say, for entry types this builder cannot write). */
    public static TestLayer ofTar(byte[] tar)
    {
        TestLayer layer = new TestLayer();
        layer.rawTar = tar.clone();
        return layer;
    }

    public TestLayer directory(String name, int mode)
    {
        TarArchiveEntry entry = entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
        entry.setMode(040000 | mode);
        return add(entry, null, 0, (byte) 0);
    }

    public TestLayer directory(String name)
    {
        return directory(name, 0755);
    }

    public TestLayer file(String name, String content)
    {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public TestLayer file(String name, byte[] content, int mode)
    {
        TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL);
        entry.setMode(0100000 | mode);
        entry.setSize(content.length);
        return add(entry, content, 0, (byte) 0);
    }

    /** A file of {@code size} bytes of {@code fill}, streamed, for big layers and decompression bombs. */
    public TestLayer filled(String name, long size, byte fill)
    {
        TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL);
        entry.setMode(0100644);
        entry.setSize(size);
        return add(entry, null, size, fill);
    }

    /** A file of {@code size} pseudo-random (incompressible) bytes from {@code seed}. */
    public TestLayer random(String name, int size, long seed)
    {
        byte[] content = new byte[size];
        new java.util.Random(seed).nextBytes(content);
        return file(name, content, 0644);
    }

    public TestLayer copyOf(String name, Path hostFile, int mode)
    {
        try {
            return file(name, Files.readAllBytes(hostFile), mode);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestLayer symlink(String name, String target)
    {
        TarArchiveEntry entry = entry(name, TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        entry.setMode(0120777);
        return add(entry, null, 0, (byte) 0);
    }

    public TestLayer hardlink(String name, String target)
    {
        TarArchiveEntry entry = entry(name, TarConstants.LF_LINK);
        entry.setLinkName(target);
        return add(entry, null, 0, (byte) 0);
    }

    /** Deletes {@code name} from the layers below ({@code dir/.wh.base}). */
    public TestLayer whiteout(String name)
    {
        int slash = name.lastIndexOf('/');
        String whiteout = name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1);
        return file(whiteout, new byte[0], 0644);
    }

    /** Hides everything the layers below have in {@code directory}. */
    public TestLayer opaque(String directory)
    {
        return file(directory.endsWith("/") ? directory + ".wh..wh..opq" : directory + "/.wh..wh..opq", new byte[0], 0644);
    }

    public TestLayer characterDevice(String name, int major, int minor)
    {
        TarArchiveEntry entry = entry(name, TarConstants.LF_CHR);
        entry.setMode(020666);
        entry.setDevMajor(major);
        entry.setDevMinor(minor);
        return add(entry, null, 0, (byte) 0);
    }

    public TestLayer fifo(String name)
    {
        TarArchiveEntry entry = entry(name, TarConstants.LF_FIFO);
        entry.setMode(010640);
        return add(entry, null, 0, (byte) 0);
    }

    /** The last entry gets this owner. */
    public TestLayer owner(int uid, int gid)
    {
        Entry last = entries.get(entries.size() - 1);
        last.header.setUserId(uid);
        last.header.setGroupId(gid);
        return this;
    }

    /** The last entry gets this extended attribute (as a SCHILY.xattr PAX header). */
    public TestLayer xattr(String name, String value)
    {
        entries.get(entries.size() - 1).header.addPaxHeader("SCHILY.xattr." + name, value);
        return this;
    }

    public TestLayer compression(Compression compression)
    {
        this.compression = compression;
        return this;
    }

    public Compression compression()
    {
        return compression;
    }

    public String mediaType(boolean docker)
    {
        return switch (compression) {
            case NONE -> docker ? MediaTypes.DOCKER_LAYER : MediaTypes.OCI_LAYER;
            case GZIP -> docker ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
        };
    }

    /** The uncompressed tar. */
    public byte[] tar()
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeTar(bytes);
        return bytes.toByteArray();
    }

    /** The sha256 of the uncompressed tar, as an image config's diff_ids lists it. */
    public String diffId()
    {
        java.security.MessageDigest digest = dev.berth.image.reference.Digests.newDigest("sha256");
        writeTar(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), digest));
        return "sha256:" + java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** The layer blob as pushed: the tar, compressed as set (gzip by default). */
    public byte[] blob()
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            OutputStream out = switch (compression) {
                case NONE -> bytes;
                case GZIP -> new GZIPOutputStream(bytes, 64 * 1024);
                case ZSTD -> new ZstdOutputStream(bytes);
            };
            writeTar(out);
            out.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void writeTar(OutputStream out)
    {
        try {
            if (rawTar != null) {
                out.write(rawTar);
                return;
            }
            TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Entry entry : entries) {
                tar.putArchiveEntry(entry.header);
                if (entry.content != null) {
                    tar.write(entry.content);
                }
                else if (entry.fillSize > 0) {
                    byte[] chunk = new byte[1 << 20];
                    java.util.Arrays.fill(chunk, entry.fill);
                    long left = entry.fillSize;
                    while (left > 0) {
                        int count = (int) Math.min(chunk.length, left);
                        tar.write(chunk, 0, count);
                        left -= count;
                    }
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
            tar.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TarArchiveEntry entry(String name, byte type)
    {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setModTime(MTIME);
        entry.setUserId(0);
        entry.setGroupId(0);
        return entry;
    }

    private TestLayer add(TarArchiveEntry header, byte[] content, long fillSize, byte fill)
    {
        entries.add(new Entry(header, content, fillSize, fill));
        return this;
    }

    /** The modification time every entry gets, in milliseconds. */
    public static long mtimeMillis()
    {
        return MTIME;
    }

    static Map<String, String> none()
    {
        return Map.of();
    }

    private record Entry(TarArchiveEntry header, byte[] content, long fillSize, byte fill) {}

    private static final class NonClosing
            extends java.io.FilterOutputStream
    {
        NonClosing(OutputStream out)
        {
            super(out);
        }

        @Override
        public void write(byte[] buffer, int offset, int length)
                throws IOException
        {
            out.write(buffer, offset, length);
        }

        @Override
        public void close()
                throws IOException
        {
            flush();
        }
    }
}

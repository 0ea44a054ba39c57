package dev.berth.image.load;

import static java.util.Objects.requireNonNull;

import dev.berth.image.ImageStoreConfig;
import dev.berth.image.oci.MalformedContent;
import dev.berth.image.reference.Digests;
import dev.berth.image.store.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an import source holds, read in one pass: every file goes into the {@link BlobStore} (verified against its
 * name when it sits under {@code blobs/<algorithm>/}), and the small metadata files are also kept in memory.
 */
final class SourceContents
{
    private final BlobStore blobs;
    private final ImageStoreConfig config;
    private final Map<String, Stored> files = new HashMap<>();
    private final Map<String, byte[]> metadata = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();

    SourceContents(BlobStore blobs, ImageStoreConfig config)
    {
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** Adds one file of the source, {@code name} relative to its root. */
    void add(String name, long size, InputStream content)
            throws IOException
    {
        String path = normalize(name);
        if (path.equals("index.json") || path.equals("manifest.json") || path.equals("oci-layout") || path.equals("repositories")) {
            if (size > config.maxManifestSize()) {
                throw new MalformedContent("'" + path + "' is " + size + " bytes, over the limit of " + config.maxManifestSize() + " (image.max-manifest-size)");
            }
            byte[] bytes = content.readNBytes((int) config.maxManifestSize() + 1);
            if (bytes.length > config.maxManifestSize()) {
                throw new MalformedContent("'" + path + "' is over the limit of " + config.maxManifestSize() + " bytes (image.max-manifest-size)");
            }
            metadata.put(path, bytes);
            return;
        }
        String expected = null;
        String[] parts = path.split("/");
        if (parts.length == 3 && parts[0].equals("blobs")) {
            expected = parts[1] + ":" + parts[2];
            if (!Digests.isValid(expected)) {
                throw new MalformedContent("'" + path + "' is not named by a valid digest");
            }
        }
        String digest = blobs.write(content, expected, size, Math.max(config.maxLayerSize(), config.maxConfigSize()));
        files.put(path, new Stored(digest, size));
    }

    /** Records a symlink in the source (docker save writes legacy paths as links into blobs/). */
    void link(String name, String target)
    {
        String path = normalize(name);
        String directory = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
        links.put(path, normalize(Path.of(directory + target).normalize().toString()));
    }

    Optional<byte[]> metadata(String name)
    {
        return Optional.ofNullable(metadata.get(name));
    }

    /** The stored file at {@code name}, following recorded links. */
    Stored file(String name)
    {
        String path = normalize(name);
        for (int hops = 0; hops < 8 && links.containsKey(path); hops++) {
            path = links.get(path);
        }
        Stored stored = files.get(path);
        if (stored == null) {
            throw new MalformedContent("the source has no file '" + name + "'");
        }
        return stored;
    }

    private static String normalize(String name)
    {
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
    }

    record Stored(String digest, long size) {}
}

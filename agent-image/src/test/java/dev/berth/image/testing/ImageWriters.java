package dev.berth.image.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.oci.MediaTypes;
import dev.berth.image.reference.Digests;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes {@link BuiltImage}s as an OCI image layout, an OCI archive or a docker archive ({@code docker save} form). */
public final class ImageWriters
{
    private ImageWriters() {}

    /** An OCI image layout in {@code directory}, index.json naming the image {@code refName} (null for no name). */
    public static void writeLayout(Path directory, BuiltImage image, String refName)
    {
        layoutFiles(image, refName).forEach((name, content) -> {
            try {
                Path file = directory.resolve(name);
                Files.createDirectories(file.getParent());
                Files.write(file, content);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** An OCI archive: a tar of the layout. */
    public static void writeOciArchive(Path file, BuiltImage image, String refName)
    {
        writeTar(file, layoutFiles(image, refName));
    }

    /**
     * A docker archive as {@code docker save} writes it: {@code manifest.json}, the config as {@code <hex>.json} and
     * each layer as {@code <hex>/layer.tar}. {@code repoTag} may be null for an untagged image.
     */
    public static void writeDockerArchive(Path file, BuiltImage image, String repoTag)
    {
        Map<String, byte[]> files = new LinkedHashMap<>();
        ObjectNode manifest = TestImage.MAPPER.createObjectNode();
        ObjectNode parsed;
        try {
            parsed = (ObjectNode) TestImage.MAPPER.readTree(image.manifest());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String configDigest = parsed.path("config").path("digest").asText();
        String configName = Digests.hex(configDigest) + ".json";
        files.put(configName, image.blobs().get(configDigest));
        manifest.put("Config", configName);
        ArrayNode tags = manifest.putArray("RepoTags");
        if (repoTag != null) {
            tags.add(repoTag);
        }
        ArrayNode layers = manifest.putArray("Layers");
        for (String digest : image.layerDigests()) {
            String name = Digests.hex(digest) + "/layer.tar";
            files.put(name, image.blobs().get(digest));
            layers.add(name);
        }
        ArrayNode all = TestImage.MAPPER.createArrayNode();
        all.add(manifest);
        files.put("manifest.json", TestImage.json(all));
        writeTar(file, files);
    }

    private static Map<String, byte[]> layoutFiles(BuiltImage image, String refName)
    {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        image.blobs().forEach((digest, content) -> files.put(blobPath(digest), content));
        files.put(blobPath(image.digest()), image.manifest());
        ObjectNode index = TestImage.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ObjectNode descriptor = TestImage.descriptor(image.mediaType(), image.digest(), image.manifest().length);
        if (refName != null) {
            descriptor.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
        }
        index.putArray("manifests").add(descriptor);
        files.put("index.json", TestImage.json(index));
        return files;
    }

    private static String blobPath(String digest)
    {
        return "blobs/" + Digests.algorithm(digest) + "/" + Digests.hex(digest);
    }

    private static void writeTar(Path file, Map<String, byte[]> files)
    {
        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String directory : List.of("blobs/", "blobs/sha256/")) {
                if (files.keySet().stream().anyMatch(name -> name.startsWith(directory))) {
                    TarArchiveEntry entry = new TarArchiveEntry(directory);
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                }
            }
            for (Map.Entry<String, byte[]> member : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(member.getKey());
                entry.setSize(member.getValue().length);
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                tar.write(member.getValue());
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

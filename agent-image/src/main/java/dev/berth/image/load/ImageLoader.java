package dev.berth.image.load;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.PullFailed;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.ImageStoreConfig;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MalformedContent;
import dev.berth.image.oci.ManifestDocument;
import dev.berth.image.oci.ManifestParser;
import dev.berth.image.oci.MediaTypes;
import dev.berth.image.oci.PlatformSelector;
import dev.berth.image.reference.ImageReference;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.ContentMismatch;
import dev.berth.image.store.ImageCommitter;
import dev.berth.image.unpack.Compression;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Imports images without a registry: an OCI image layout directory, an OCI archive (a tar of a layout) or a
 * docker-archive tarball ({@code docker save}, optionally gzip/zstd compressed). Every blob is verified as it is stored.
 */
public final class ImageLoader
{
    private static final Logger log = LogManager.getLogger(ImageLoader.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern TAG_ONLY = Pattern.compile("[\\w][\\w.-]{0,127}");

    private final BlobStore blobs;
    private final ImageCommitter committer;
    private final PlatformSelector selector;
    private final ImageStoreConfig config;

    public ImageLoader(BlobStore blobs, ImageCommitter committer, PlatformSelector selector, ImageStoreConfig config)
    {
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.committer = requireNonNull(committer, "committer is null");
        this.selector = requireNonNull(selector, "selector is null");
        this.config = requireNonNull(config, "config is null");
    }

    public List<PulledImage> load(Path source, Optional<String> name)
    {
        requireNonNull(source, "source is null");
        requireNonNull(name, "name is null");
        String what = source.toString();
        if (!Files.exists(source)) {
            throw new PullFailed(what, "no such file or directory");
        }
        SourceContents contents = new SourceContents(blobs, config);
        try {
            if (Files.isDirectory(source)) {
                readDirectory(source, contents);
            }
            else {
                readArchive(source, contents);
            }
            if (contents.metadata("index.json").isPresent()) {
                return loadLayout(what, contents, name);
            }
            if (contents.metadata("manifest.json").isPresent()) {
                return loadDockerArchive(what, contents, name);
            }
            throw new PullFailed(what, "neither an OCI layout (no index.json) nor a docker archive (no manifest.json)");
        }
        catch (MalformedContent | ContentMismatch e) {
            throw new PullFailed(what, e.getMessage(), e);
        }
        catch (IOException e) {
            throw new PullFailed(what, "cannot read: " + e, e);
        }
        catch (IllegalArgumentException e) {
            throw new PullFailed(what, "malformed archive: " + e.getMessage(), e);
        }
    }

    private static void readDirectory(Path root, SourceContents contents)
            throws IOException
    {
        for (String name : List.of("index.json", "oci-layout", "manifest.json")) {
            Path file = root.resolve(name);
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    contents.add(name, Files.size(file), in);
                }
            }
        }
        Path blobsDirectory = root.resolve("blobs");
        if (!Files.isDirectory(blobsDirectory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(blobsDirectory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    contents.add(root.relativize(file).toString(), Files.size(file), in);
                }
            }
        }
    }

    private static void readArchive(Path archive, SourceContents contents)
            throws IOException
    {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 256 * 1024);
                TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompressed(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isSymbolicLink()) {
                    contents.link(entry.getName(), entry.getLinkName());
                }
                else if (entry.isFile()) {
                    contents.add(entry.getName(), entry.getSize(), tar);
                }
            }
        }
    }

    private List<PulledImage> loadLayout(String what, SourceContents contents, Optional<String> name)
    {
        ManifestDocument top = ManifestParser.parse(contents.metadata("index.json").orElseThrow(), Optional.of(MediaTypes.OCI_INDEX));
        if (!(top instanceof ImageIndex index)) {
            throw new MalformedContent("index.json is not an image index");
        }
        List<PulledImage> loaded = new ArrayList<>();
        for (Descriptor descriptor : index.manifests()) {
            String reference = layoutName(what, descriptor, name);
            String manifestDigest = manifestFor(descriptor);
            loaded.add(committer.commit(List.of(reference), manifestDigest));
            log.info("loaded {} ({}) from {}", reference, manifestDigest, what);
        }
        return List.copyOf(loaded);
    }

    /** The image manifest for an index.json entry: itself, or its index's entry for this host's platform. */
    private String manifestFor(Descriptor descriptor)
            throws MalformedContent
    {
        try {
            ManifestDocument document = ManifestParser.parse(blobs.read(descriptor.digest(), config.maxManifestSize()), Optional.of(descriptor.mediaType()));
            if (document instanceof ImageIndex nested) {
                Descriptor chosen = selector.select(nested, PlatformSpec.ANY).orElseThrow(() ->
                        new MalformedContent("index " + descriptor.digest() + " has no manifest for " + selector.describe(PlatformSpec.ANY)));
                return manifestFor(chosen);
            }
            return descriptor.digest();
        }
        catch (IOException e) {
            throw new MalformedContent("manifest " + descriptor.digest() + " is not in the source", e);
        }
    }

    private static String layoutName(String what, Descriptor descriptor, Optional<String> name)
    {
        Optional<String> full = Optional.ofNullable(descriptor.annotations().get("io.containerd.image.name"));
        Optional<String> refName = Optional.ofNullable(descriptor.annotations().get("org.opencontainers.image.ref.name"));
        if (full.isPresent()) {
            return ImageReference.parse(full.get()).canonical();
        }
        if (refName.isPresent() && !TAG_ONLY.matcher(refName.get()).matches()) {
            return ImageReference.parse(refName.get()).canonical();
        }
        if (name.isEmpty()) {
            throw new InvalidSpec("image source '" + what + "': manifest " + descriptor.digest() + " carries no image name; give one");
        }
        ImageReference given = ImageReference.parse(name.get());
        if (refName.isPresent() && !name.get().contains("@") && !name.get().substring(name.get().lastIndexOf('/') + 1).contains(":")) {
            return new ImageReference(given.registry(), given.repository(), refName, Optional.empty()).canonical();
        }
        return given.canonical();
    }

    private List<PulledImage> loadDockerArchive(String what, SourceContents contents, Optional<String> name)
            throws IOException
    {
        JsonNode manifests = MAPPER.readTree(contents.metadata("manifest.json").orElseThrow());
        if (!manifests.isArray() || manifests.isEmpty()) {
            throw new MalformedContent("manifest.json is not a non-empty array");
        }
        List<PulledImage> loaded = new ArrayList<>();
        for (JsonNode item : manifests) {
            SourceContents.Stored configFile = contents.file(item.path("Config").asText());
            ObjectNode manifest = MAPPER.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MediaTypes.DOCKER_MANIFEST);
            manifest.set("config", descriptor(MediaTypes.DOCKER_CONFIG, configFile));
            ArrayNode layers = manifest.putArray("layers");
            for (JsonNode layer : item.path("Layers")) {
                SourceContents.Stored layerFile = contents.file(layer.asText());
                layers.add(descriptor(layerMediaType(layerFile.digest()), layerFile));
            }
            String manifestDigest = blobs.write(MAPPER.writeValueAsBytes(manifest));
            List<String> references = new ArrayList<>();
            item.path("RepoTags").forEach(tag -> references.add(ImageReference.parse(tag.asText()).canonical()));
            if (references.isEmpty()) {
                if (name.isEmpty()) {
                    throw new InvalidSpec("image source '" + what + "': image " + item.path("Config").asText() + " has no RepoTags; give a name");
                }
                references.add(ImageReference.parse(name.get()).canonical());
            }
            loaded.add(committer.commit(references, manifestDigest));
            log.info("loaded {} ({}) from {}", references, manifestDigest, what);
        }
        return List.copyOf(loaded);
    }

    private String layerMediaType(String digest)
            throws IOException
    {
        try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(blobs.path(digest)))) {
            return switch (Compression.detect(in)) {
                case NONE -> MediaTypes.DOCKER_LAYER;
                case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
                case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
            };
        }
    }

    private static ObjectNode descriptor(String mediaType, SourceContents.Stored file)
    {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("mediaType", mediaType);
        node.put("size", file.size());
        node.put("digest", file.digest());
        return node;
    }
}

package dev.berth.image.store;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.PullFailed;
import dev.berth.core.runtime.PulledImage;
import dev.berth.image.ImageStoreConfig;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageConfigDocument;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MalformedContent;
import dev.berth.image.oci.ManifestDocument;
import dev.berth.image.oci.ManifestParser;
import dev.berth.image.LayerImporter;
import dev.berth.image.reference.Digests;
import dev.berth.image.unpack.LayerUnpacker;
import dev.berth.image.unpack.NativeFiles;
import dev.berth.image.unpack.VerifiedImport;
import dev.berth.image.unpack.UnsafeLayer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a manifest whose blobs are all in the {@link BlobStore} into a stored image: reads and checks its config,
 * unpacks its Linux layers, and only then records its names in the {@link ImageCatalog}. Used by pull and load alike.
 */
public final class ImageCommitter
{
    private final BlobStore blobs;
    private final LayerStore layers;
    private final ImageCatalog catalog;
    private final ImageStoreConfig config;
    private final LayerUnpacker unpacker;
    private final VerifiedImport verifiedImport;
    private final Map<String, LayerStore> imported = new ConcurrentHashMap<>();

    public ImageCommitter(BlobStore blobs, LayerStore layers, ImageCatalog catalog, ImageStoreConfig config)
    {
        this.unpacker = new LayerUnpacker(config.maxLayerSize(), config.allowDeviceNodes());
        this.verifiedImport = new VerifiedImport(config.maxLayerSize());
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.layers = requireNonNull(layers, "layers is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * @param references the canonical names to record; the first is the one the returned image carries
     * @throws PullFailed naming the image, and the offending tar entry where one is at fault
     */
    public PulledImage commit(List<String> references, String manifestDigest)
    {
        String image = references.get(0);
        ImageManifest manifest = manifest(image, manifestDigest);
        ImageConfigDocument document = config(image, manifest);
        PulledImage pulled = new PulledImage(image, manifestDigest, document.platform().toImagePlatform(), document.processDefaults());
        if (document.platform().os().equals("linux")) {
            unpack(image, manifest, document);
        }
        Instant now = Instant.now();
        for (String reference : references) {
            catalog.put(CatalogEntry.of(new PulledImage(reference, manifestDigest, pulled.platform(), pulled.config()), manifest.contentSize(), now));
        }
        return pulled;
    }

    public ImageManifest manifest(String image, String manifestDigest)
    {
        try {
            ManifestDocument document = ManifestParser.parse(blobs.read(manifestDigest, config.maxManifestSize()), Optional.empty());
            if (document instanceof ImageManifest manifest) {
                return manifest;
            }
            throw new PullFailed(image, "blob " + manifestDigest + " is an index, not an image manifest");
        }
        catch (MalformedContent | ContentMismatch e) {
            throw new PullFailed(image, "manifest " + manifestDigest + ": " + e.getMessage(), e);
        }
        catch (IOException e) {
            throw new PullFailed(image, "cannot read manifest " + manifestDigest + " from the store: " + e.getMessage(), e);
        }
    }

    public ImageConfigDocument config(String image, ImageManifest manifest)
    {
        Descriptor descriptor = manifest.config();
        if (descriptor.size() > config.maxConfigSize()) {
            throw new PullFailed(image, "image config " + descriptor.digest() + " is " + descriptor.size()
                    + " bytes, over the limit of " + config.maxConfigSize() + " (image.max-config-size)");
        }
        try {
            ImageConfigDocument document = ImageConfigDocument.parse(blobs.read(descriptor.digest(), config.maxConfigSize()));
            if (document.platform().os().equals("linux") && document.diffIds().size() != manifest.layers().size()) {
                throw new PullFailed(image, "the manifest has " + manifest.layers().size() + " layers but the config lists "
                        + document.diffIds().size() + " diff_ids");
            }
            return document;
        }
        catch (MalformedContent | ContentMismatch e) {
            throw new PullFailed(image, "image config " + descriptor.digest() + ": " + e.getMessage(), e);
        }
        catch (IOException e) {
            throw new PullFailed(image, "cannot read image config " + descriptor.digest() + " from the store: " + e.getMessage(), e);
        }
    }

    /**
     * The image's layers unpacked by the Linux unpacker, bottom first, unpacking any that are missing. A backend whose
     * OS stores layers its own way uses {@link #importedLayerDirectories} with its importer instead.
     */
    public List<Path> layerDirectories(PulledImage image)
    {
        ImageManifest manifest = manifest(image.reference(), image.digest());
        ImageConfigDocument document = config(image.reference(), manifest);
        return unpack(image.reference(), manifest, document);
    }

    private List<Path> unpack(String image, ImageManifest manifest, ImageConfigDocument document)
    {
        List<Path> directories = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            directories.add(unpackLayer(image, manifest.layers().get(i), document.diffIds().get(i)));
        }
        return List.copyOf(directories);
    }

    /**
     * The image's layers imported by a backend's {@code importer}, bottom first, importing any that are missing. Each
     * is kept under {@code layers/imported/<name>/<chain id>}: keyed by chain ID (the OCI image spec's digest of the
     * layer over its parents), because a Windows layer is imported against its parents.
     *
     * @throws PullFailed naming the offending entry
     */
    public List<Path> importedLayerDirectories(PulledImage image, LayerImporter importer)
    {
        if (!importer.name().matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("layer importer name '" + importer.name() + "' is not [a-z0-9-]+");
        }
        ImageManifest manifest = manifest(image.reference(), image.digest());
        ImageConfigDocument document = config(image.reference(), manifest);
        if (document.diffIds().size() != manifest.layers().size()) {
            throw new PullFailed(image.reference(), "the manifest has " + manifest.layers().size() + " layers but the config lists "
                    + document.diffIds().size() + " diff_ids");
        }
        LayerStore store = imported.computeIfAbsent(importer.name(),
                name -> new LayerStore(config.layersDirectory().resolve("imported").resolve(name), unpacker));
        List<Path> directories = new ArrayList<>();
        List<Path> parents = new ArrayList<>();
        String chainId = null;
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            String diffId = document.diffIds().get(i);
            chainId = chainId == null ? diffId : Digests.sha256((chainId + " " + diffId).getBytes(StandardCharsets.US_ASCII));
            String key = chainId;
            List<Path> below = List.copyOf(parents);
            Path directory = guarded(image.reference(), layer,
                    () -> store.ensure(key, blobs.path(layer.digest()), (in, staging) -> verifiedImport.run(importer, in, staging, below, diffId)));
            directories.add(directory);
            parents.add(0, directory);
        }
        return List.copyOf(directories);
    }

    @FunctionalInterface
    private interface LayerStep
    {
        Path run()
                throws IOException;
    }

    /**
     * Unpacks one layer whose blob is in the store (once; later calls return the same directory).
     *
     * @throws PullFailed naming the offending entry
     */
    public Path unpackLayer(String image, Descriptor layer, String diffId)
    {
        return guarded(image, layer, () -> layers.ensure(diffId, blobs.path(layer.digest())));
    }

    private static Path guarded(String image, Descriptor layer, LayerStep step)
    {
        try {
            return step.run();
        }
        catch (UnsafeLayer e) {
            throw new PullFailed(image, "layer " + layer.digest() + ": " + e.getMessage() + "; nothing was unpacked", e, e.errno());
        }
        catch (NativeFiles.NativeCallFailed e) {
            throw new PullFailed(image, "layer " + layer.digest() + ": " + e.getMessage(), e, e.errno());
        }
        catch (IOException e) {
            throw new PullFailed(image, "layer " + layer.digest() + ": cannot unpack: " + e, e);
        }
        catch (IllegalArgumentException | IllegalStateException e) {
            throw new PullFailed(image, "layer " + layer.digest() + ": malformed tar: " + e.getMessage(), e);
        }
    }
}

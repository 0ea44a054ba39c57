package dev.berth.image.pull;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.PullFailed;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.ImageStoreConfig;
import dev.berth.image.PullListener;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageConfigDocument;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MalformedContent;
import dev.berth.image.oci.ManifestDocument;
import dev.berth.image.oci.ManifestParser;
import dev.berth.image.oci.PlatformSelector;
import dev.berth.image.reference.Digests;
import dev.berth.image.reference.ImageReference;
import dev.berth.image.registry.ManifestResponse;
import dev.berth.image.registry.RegistryClient;
import dev.berth.image.registry.RegistryException;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.ImageCommitter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One pull: resolve the reference to a manifest (through an index where there is one, by platform), store the
 * manifest, download config and layers concurrently, then hand over to the {@link ImageCommitter}.
 */
public final class Puller
{
    private static final Logger log = LogManager.getLogger(Puller.class);

    private final RegistryClient client;
    private final BlobFetcher fetcher;
    private final BlobStore blobs;
    private final ImageCommitter committer;
    private final PlatformSelector selector;
    private final ImageStoreConfig config;
    private final java.util.concurrent.Executor unpacker;

    public Puller(RegistryClient client, BlobFetcher fetcher, BlobStore blobs, ImageCommitter committer, PlatformSelector selector, ImageStoreConfig config,
            java.util.concurrent.Executor unpacker)
    {
        this.unpacker = requireNonNull(unpacker, "unpacker is null");
        this.client = requireNonNull(client, "client is null");
        this.fetcher = requireNonNull(fetcher, "fetcher is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.committer = requireNonNull(committer, "committer is null");
        this.selector = requireNonNull(selector, "selector is null");
        this.config = requireNonNull(config, "config is null");
    }

    public PulledImage pull(ImageReference reference, PlatformSpec platform, PullListener listener)
    {
        String image = reference.canonical();
        Instant deadline = Instant.now().plus(config.pullTimeout());
        long started = System.nanoTime();
        String manifestDigest = resolve(reference, platform);
        ImageManifest manifest = committer.manifest(image, manifestDigest);
        if (manifest.config().size() > config.maxConfigSize()) {
            throw new PullFailed(image, "image config " + manifest.config().digest() + " is " + manifest.config().size()
                    + " bytes, over the limit of " + config.maxConfigSize() + " (image.max-config-size)");
        }
        for (Descriptor layer : manifest.layers()) {
            if (layer.size() > config.maxLayerSize()) {
                throw new PullFailed(image, "layer " + layer.digest() + " is " + layer.size() + " bytes, over the limit of "
                        + config.maxLayerSize() + " (image.max-layer-size)");
            }
        }
        await(image, List.of(fetcher.fetch(reference, manifest.config(), PullListener.NONE)), deadline);
        ImageConfigDocument document = committer.config(image, manifest);
        // an image this node cannot run is a placement signal now, before its layers are fetched
        selector.misfit(document.platform(), platform, image).ifPresent(misfit -> {
            throw misfit;
        });
        boolean unpack = document.platform().os().equals("linux");
        // each Linux layer is unpacked as soon as it is downloaded, overlapping with the downloads still running
        List<CompletableFuture<?>> downloads = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            CompletableFuture<java.nio.file.Path> download = fetcher.fetch(reference, layer, listener);
            if (unpack) {
                String diffId = document.diffIds().get(i);
                downloads.add(download.thenApplyAsync(path -> committer.unpackLayer(image, layer, diffId), unpacker));
            }
            else {
                downloads.add(download);
            }
        }
        await(image, downloads, deadline);
        PulledImage pulled = committer.commit(List.of(image), manifestDigest);
        log.info("pulled {} ({}) in {} ms", image, manifestDigest, (System.nanoTime() - started) / 1_000_000);
        return pulled;
    }

    /** Fetches the manifest (choosing from an index by platform), verifies it and stores it; returns its digest. */
    private String resolve(ImageReference reference, PlatformSpec platform)
    {
        String image = reference.canonical();
        ManifestResponse response = fetchManifest(reference, reference.manifestReference());
        String digest = Digests.sha256(response.content());
        if (reference.digest().isPresent() && !reference.digest().get().equals(digest)) {
            throw new PullFailed(image, "the registry sent a manifest with digest " + digest + " for " + reference.digest().get());
        }
        ManifestDocument document = parse(image, response);
        if (document instanceof ImageIndex index) {
            Descriptor chosen = selector.select(index, platform).orElseThrow(() -> selector.refusal(index, platform, image));
            if (chosen.size() > config.maxManifestSize()) {
                throw new PullFailed(image, "manifest " + chosen.digest() + " is " + chosen.size() + " bytes, over the limit of "
                        + config.maxManifestSize() + " (image.max-manifest-size)");
            }
            response = fetchManifest(reference, chosen.digest());
            digest = Digests.sha256(response.content());
            if (!digest.equals(chosen.digest()) || response.content().length != chosen.size()) {
                throw new PullFailed(image, "manifest " + chosen.digest() + " from the index arrived with digest " + digest
                        + " and " + response.content().length + " bytes (expected " + chosen.size() + ")");
            }
            document = parse(image, response);
            if (!(document instanceof ImageManifest)) {
                throw new PullFailed(image, "index entry " + chosen.digest() + " is itself an index; nested indexes are not supported");
            }
        }
        try {
            blobs.write(response.content());
        }
        catch (IOException e) {
            throw new PullFailed(image, "cannot store manifest " + digest + ": " + e.getMessage(), e);
        }
        return digest;
    }

    private ManifestResponse fetchManifest(ImageReference reference, String tagOrDigest)
    {
        RegistryException last = null;
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(config.retryDelay().toMillis() << Math.min(attempt - 1, 10));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PullFailed(reference.canonical(), "interrupted", e);
                }
            }
            try {
                return client.manifest(reference, tagOrDigest, config.maxManifestSize());
            }
            catch (RegistryException e) {
                if (!e.retryable()) {
                    throw new PullFailed(reference.canonical(), "manifest " + tagOrDigest + ": " + e.getMessage(), e);
                }
                last = e;
                log.warn("fetching manifest {} of {} failed (attempt {}): {}", tagOrDigest, reference, attempt + 1, e.getMessage());
            }
        }
        throw new PullFailed(reference.canonical(), "manifest " + tagOrDigest + " failed after " + (config.retries() + 1)
                + " attempts (image.retries): " + last.getMessage(), last);
    }

    private static ManifestDocument parse(String image, ManifestResponse response)
    {
        try {
            return ManifestParser.parse(response.content(), response.contentType());
        }
        catch (MalformedContent e) {
            throw new PullFailed(image, "manifest: " + e.getMessage(), e);
        }
    }

    private static void await(String image, List<CompletableFuture<?>> downloads, Instant deadline)
    {
        CompletableFuture<Void> all = CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new));
        try {
            all.get(Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException e) {
            // report the first failed blob rather than whichever allOf saw
            for (CompletableFuture<?> download : downloads) {
                if (download.isCompletedExceptionally()) {
                    Throwable cause = download.handle((value, failure) -> failure).join();
                    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    if (cause instanceof AgentError error) {
                        throw error;
                    }
                    throw new PullFailed(image, "download failed: " + cause, cause);
                }
            }
            throw new PullFailed(image, "download failed: " + e.getCause(), e.getCause());
        }
        catch (TimeoutException e) {
            throw new PullFailed(image, "timed out (image.pull-timeout) waiting for layers", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullFailed(image, "interrupted", e);
        }
    }
}

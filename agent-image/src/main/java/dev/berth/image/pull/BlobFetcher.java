package dev.berth.image.pull;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

import dev.berth.core.error.PullFailed;
import dev.berth.image.ImageStoreConfig;
import dev.berth.image.PullListener;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.reference.Digests;
import dev.berth.image.reference.ImageReference;
import dev.berth.image.registry.BlobResponse;
import dev.berth.image.registry.RegistryClient;
import dev.berth.image.registry.RegistryException;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.ContentMismatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * Downloads blobs into the {@link BlobStore}: at most a configured number at once, retrying with backoff and
 * resuming a partial download with a Range request, verifying digest and size before commit. Two pulls asking for
 * the same blob at once share one download, and both hear its progress.
 */
public final class BlobFetcher
{
    private static final Logger log = LogManager.getLogger(BlobFetcher.class);

    private final RegistryClient client;
    private final BlobStore store;
    private final Executor executor;
    private final ImageStoreConfig config;
    private final Map<String, Download> downloads = new ConcurrentHashMap<>();

    public BlobFetcher(RegistryClient client, BlobStore store, Executor executor, ImageStoreConfig config)
    {
        this.client = requireNonNull(client, "client is null");
        this.store = requireNonNull(store, "store is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** The committed blob's path, once it is downloaded and verified. Fails with {@link PullFailed}. */
    public CompletableFuture<Path> fetch(ImageReference reference, Descriptor descriptor, PullListener listener)
    {
        String digest = descriptor.digest();
        if (store.contains(digest)) {
            listener.cached(digest, descriptor.size());
            listener.started(digest, descriptor.size());
            listener.progress(digest, descriptor.size(), descriptor.size());
            listener.finished(digest);
            return CompletableFuture.completedFuture(store.path(digest));
        }
        Download fresh = new Download(new CompletableFuture<>(), new CopyOnWriteArrayList<>());
        Download running = downloads.putIfAbsent(digest, fresh);
        if (running != null) {
            log.debug("{} joins the download of {} already under way", reference, digest);
            running.listeners.add(listener);
            listener.started(digest, descriptor.size());
            return running.result;
        }
        Download download = fresh;
        download.listeners.add(listener);
        listener.started(digest, descriptor.size());
        download.result.whenComplete((path, failure) -> downloads.remove(digest, download));
        executor.execute(() -> {
            try {
                download.result.complete(download(reference, descriptor, download));
            }
            catch (Throwable failure) {
                download.result.completeExceptionally(failure);
            }
        });
        return download.result;
    }

    private Path download(ImageReference reference, Descriptor descriptor, Download download)
    {
        String digest = descriptor.digest();
        long size = descriptor.size();
        Path partial = store.partialPath(digest);
        if (store.contains(digest)) {
            download.listeners.forEach(listener -> listener.finished(digest));
            return store.path(digest);
        }
        Exception last = null;
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            if (attempt > 0) {
                sleep(config.retryDelay().toMillis() << Math.min(attempt - 1, 10));
            }
            try {
                Path committed = attempt(reference, descriptor, partial, download);
                download.listeners.forEach(listener -> listener.finished(digest));
                return committed;
            }
            catch (ContentMismatch e) {
                throw new PullFailed(reference.canonical(), e.getMessage() + "; nothing was committed", e);
            }
            catch (RegistryException e) {
                if (!e.retryable()) {
                    throw new PullFailed(reference.canonical(), "blob " + digest + ": " + e.getMessage(), e);
                }
                last = e;
            }
            catch (IOException e) {
                last = e;
            }
            log.warn("download of {} for {} failed (attempt {} of {}): {}", digest, reference, attempt + 1, config.retries() + 1, last.getMessage());
        }
        throw new PullFailed(reference.canonical(), "blob " + digest + " failed after " + (config.retries() + 1)
                + " attempts (image.retries), nothing was committed: " + last.getMessage(), last);
    }

    private Path attempt(ImageReference reference, Descriptor descriptor, Path partial, Download download)
            throws IOException
    {
        String digest = descriptor.digest();
        long size = descriptor.size();
        long offset = Files.exists(partial) ? Files.size(partial) : 0;
        if (offset >= size) {
            Files.deleteIfExists(partial);
            offset = 0;
        }
        BlobResponse response = client.blob(reference, digest, offset);
        MessageDigest hash = Digests.newDigest(Digests.algorithm(digest));
        if (offset > 0 && response.resumed()) {
            log.info("resuming {} at byte {} of {}", digest, offset, size);
            try (InputStream existing = Files.newInputStream(partial)) {
                byte[] buffer = new byte[256 * 1024];
                int read;
                while ((read = existing.read(buffer)) > 0) {
                    hash.update(buffer, 0, read);
                }
            }
        }
        else {
            offset = 0;
        }
        long written = offset;
        try (InputStream body = response.body();
                OutputStream out = Files.newOutputStream(partial, offset > 0 ? new java.nio.file.OpenOption[] {WRITE, APPEND}
                        : new java.nio.file.OpenOption[] {CREATE, TRUNCATE_EXISTING, WRITE})) {
            byte[] buffer = new byte[256 * 1024];
            long reported = 0;
            int read;
            while ((read = read(body, buffer, reference, digest, written, size)) > 0) {
                written += read;
                if (written > size) {
                    Files.deleteIfExists(partial);
                    throw new ContentMismatch("blob " + digest + " is longer than the " + size + " bytes its descriptor states");
                }
                hash.update(buffer, 0, read);
                out.write(buffer, 0, read);
                if (written - reported >= 1 << 20 || written == size) {
                    reported = written;
                    long done = written;
                    download.listeners.forEach(listener -> listener.progress(digest, done, size));
                }
            }
        }
        if (written < size) {
            throw new IOException("connection ended after " + written + " of " + size + " bytes");
        }
        return store.commit(partial, digest, size, Digests.format(Digests.algorithm(digest), hash), written);
    }

    /**
     * A read whose failure (a stall past {@code image.stall-timeout}, a reset) says which layer it was, how far it got
     * and from which registry, so the pull's final error does.
     */
    private static int read(InputStream body, byte[] buffer, ImageReference reference, String digest, long written, long size)
            throws IOException
    {
        try {
            return body.read(buffer);
        }
        catch (IOException e) {
            throw new IOException(e.getMessage() + "; layer " + digest + ": received " + written + " of " + size + " bytes from registry "
                    + reference.endpointHost(), e);
        }
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while waiting to retry", 0, false, e);
        }
    }

    private static final class Download
    {
        final CompletableFuture<Path> result;
        final CopyOnWriteArrayList<PullListener> listeners;

        Download(CompletableFuture<Path> result, CopyOnWriteArrayList<PullListener> listeners)
        {
            this.result = result;
            this.listeners = listeners;
        }
    }
}

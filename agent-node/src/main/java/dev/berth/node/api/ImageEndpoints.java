package dev.berth.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.ErrorWire;
import dev.berth.core.error.Internal;
import dev.berth.core.error.InvalidSpec;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.core.spec.PlatformString;
import dev.berth.image.ImageService;
import dev.berth.image.GcReport;
import dev.berth.image.PullListener;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.ServiceManager;
import dev.berth.node.metrics.AgentMetrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** {@code /v1/images...}: pull (streaming progress), load, list and remove, over the node's ImageService. */
public final class ImageEndpoints
{
    private static final Logger log = LogManager.getLogger(ImageEndpoints.class);

    private final ImageService images;
    private final ServiceManager services;
    private final AgentMetrics metrics;

    public ImageEndpoints(ImageService images, ServiceManager services, AgentMetrics metrics)
    {
        this.images = requireNonNull(images, "images is null");
        this.services = requireNonNull(services, "services is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    boolean handle(String method, List<String> path, Exchange exchange)
    {
        String action = path.size() == 2 ? path.get(1) : "";
        if (path.size() == 1 && method.equals("GET")) {
            ArrayNode array = ViewJson.JSON.createArrayNode();
            images.list().forEach(image -> array.add(ViewJson.storedImage(image)));
            exchange.json(200, array);
            return true;
        }
        if (path.size() == 1 && method.equals("DELETE")) {
            String reference = exchange.query("reference").orElseThrow(() -> new InvalidSpec("reference: required"));
            refuseIfInUse(reference);
            GcReport collected = timed("remove-image", () -> {
                images.remove(reference);
                return images.gc(imagesInUse());
            });
            log.info("removed image {}; garbage collection freed {} blobs, {} layers, {} bytes", reference,
                    collected.blobsRemoved(), collected.layersRemoved(), collected.bytesFreed());
            exchange.noContent();
            return true;
        }
        if (method.equals("POST") && action.equals("pull")) {
            pull(exchange);
            return true;
        }
        if (method.equals("POST") && action.equals("load")) {
            LoadBody body = RequestBodies.read(exchange.jsonBody(), LoadBody.class, "a load request");
            if (body.path() == null) {
                throw new InvalidSpec("path: required");
            }
            Optional<String> name = Optional.ofNullable(body.name());
            List<PulledImage> loaded = timed("load", () -> images.load(Path.of(body.path()), name));
            ArrayNode array = ViewJson.JSON.createArrayNode();
            loaded.forEach(image -> array.add(ViewJson.pulledImage(image)));
            exchange.json(200, array);
            return true;
        }
        return false;
    }

    /**
     * An image whose layers a container (running, exited or failed) still mounts cannot go: the garbage collection
     * that follows a removal would delete them under it. Remove the containers first.
     */
    private void refuseIfInUse(String reference)
    {
        Optional<String> digest = images.find(reference).map(PulledImage::digest);
        if (digest.isEmpty()) {
            return;
        }
        List<String> users = services.containers().stream()
                .filter(container -> container.imageDigest().or(() -> images.find(container.image()).map(PulledImage::digest)).equals(digest))
                .map(ContainerView::id)
                .toList();
        if (!users.isEmpty()) {
            throw new InvalidSpec("image '" + reference + "' is used by container" + (users.size() == 1 ? " " : "s ")
                    + String.join(", ", users) + "; remove " + (users.size() == 1 ? "it" : "them") + " first (berth rm)");
        }
    }

    /** The manifests containers were created from: their layers stay, whatever happened to the names since. */
    private Set<String> imagesInUse()
    {
        return services.containers().stream().flatMap(container -> container.imageDigest().stream()).collect(Collectors.toSet());
    }

    private void pull(Exchange exchange)
    {
        PullBody body = RequestBodies.read(exchange.jsonBody(), PullBody.class, "a pull request");
        if (body.image() == null) {
            throw new InvalidSpec("image: required");
        }
        String reference = body.image();
        PlatformSpec chosen = body.platform() == null ? PlatformSpec.ANY : PlatformString.parse(body.platform(), "platform");
        try (JsonLines lines = exchange.stream(200)) {
            PullListener listener = new PullListener()
            {
                @Override
                public void started(String digest, long size)
                {
                    write(lines, "started", digest, 0, size);
                }

                @Override
                public void progress(String digest, long done, long total)
                {
                    write(lines, "progress", digest, done, total);
                }

                @Override
                public void finished(String digest)
                {
                    write(lines, "finished", digest, -1, -1);
                }
            };
            ObjectNode last = ViewJson.JSON.createObjectNode();
            try {
                PulledImage image = timed("pull", () -> images.pull(reference, chosen, listener));
                last.set("image", ViewJson.pulledImage(image));
            }
            catch (AgentError error) {
                last.set("error", ErrorWire.encode(error, ViewJson.JSON));
            }
            catch (RuntimeException e) {
                log.error("pull of {} failed unexpectedly", reference, e);
                last.set("error", ErrorWire.encode(new Internal("pull of " + reference + " failed: " + e, e), ViewJson.JSON));
            }
            synchronized (lines) {
                lines.write(last);
            }
        }
    }

    private static void write(JsonLines lines, String kind, String digest, long done, long total)
    {
        ObjectNode node = ViewJson.JSON.createObjectNode();
        ObjectNode progress = node.putObject("progress");
        progress.put("event", kind);
        progress.put("digest", digest);
        if (done >= 0) {
            progress.put("done", done);
            progress.put("total", total);
        }
        // Download threads call back concurrently; lines must not interleave.
        synchronized (lines) {
            lines.write(node);
        }
    }

    private <T> T timed(String operation, java.util.function.Supplier<T> action)
    {
        long start = System.nanoTime();
        try {
            T result = action.get();
            metrics.recordOperation(operation, "image", Duration.ofNanos(System.nanoTime() - start), null);
            return result;
        }
        catch (AgentError error) {
            metrics.recordOperation(operation, "image", Duration.ofNanos(System.nanoTime() - start), error);
            throw error;
        }
    }
}

package dev.berth.wsl2.distro;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.PullFailed;
import dev.berth.wsl2.transport.DistroTransport;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Unpacks the image store's layers inside the distro, once per layer, so the overlay root filesystem lives on the
 * distro's own ext4 (where overlayfs works) rather than across the 9p share. Each layer is streamed as a tar into
 * {@code tar -x} in the distro, unpacked beside its final place and renamed into it, with a {@code .done} marker
 * next to it so a half-unpacked layer is never used.
 */
public final class LayerStager
{
    private static final Logger log = LogManager.getLogger(LayerStager.class);
    private static final String UNPACK = "rm -rf \"$1.partial\" && mkdir -p \"$1.partial\" && tar -x -p --numeric-owner -f - -C \"$1.partial\" "
            + "&& rm -rf \"$1\" && mv \"$1.partial\" \"$1\" && touch \"$1.done\"";

    private final DistroTransport transport;
    private final DistroLayout layout;
    private final DistroFiles files;
    private final Duration timeout;

    public LayerStager(DistroTransport transport, DistroLayout layout, Duration callTimeout, Duration unpackTimeout)
    {
        this.transport = requireNonNull(transport, "transport is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.files = new DistroFiles(transport, callTimeout);
        this.timeout = requireNonNull(unpackTimeout, "unpackTimeout is null");
    }

    /**
     * @param layers the image store's unpacked layer directories on the agent's host, bottom first
     * @return the same layers inside the distro, bottom first
     * @throws PullFailed naming the layer and tar's complaint
     */
    public List<String> stage(String image, List<Path> layers)
    {
        List<String> staged = new ArrayList<>();
        for (Path layer : layers) {
            String target = layout.layers() + "/" + key(layer);
            if (!files.exists(target + ".done")) {
                log.info("unpacking layer {} of {} into {} at {}", layer, image, transport.describe(), target);
                CommandResult result = transport.run(Command.of(timeout, List.of("sh", "-c", UNPACK, "sh", target)),
                        output -> LayerTar.write(layer, output));
                if (!result.succeeded()) {
                    throw new PullFailed(image, "cannot unpack layer " + layer + " into " + target + " in " + transport.describe() + ": "
                            + DistroFiles.evidence(result));
                }
            }
            staged.add(target);
        }
        return staged;
    }

    /** A stable directory name for a layer: its store directory name, made unique by a hash of its full path. */
    static String key(Path layer)
    {
        String absolute = layer.toAbsolutePath().normalize().toString();
        String name = layer.getFileName() == null ? "layer" : layer.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(absolute.getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(digest, 0, 8);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}

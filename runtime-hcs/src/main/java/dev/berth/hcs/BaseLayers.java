package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.hcs.error.HcsCallFailed;
import dev.berth.hcs.layer.LayerManager;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs ProcessBaseImage (and ProcessUtilityImage when the base layer carries a {@code UtilityVM} folder) once per base
 * layer, remembered by a marker file under the layer root so a restarted agent does not process a layer twice.
 */
final class BaseLayers
{
    private static final Logger log = LogManager.getLogger(BaseLayers.class);

    private final LayerManager layers;
    private final HcsConfig config;

    BaseLayers(LayerManager layers, HcsConfig config)
    {
        this.layers = requireNonNull(layers, "layers is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** @throws dev.berth.core.error.PullFailed naming the image and the HRESULT */
    void prepare(List<Path> bottomFirst, String image)
    {
        if (bottomFirst.isEmpty()) {
            return;
        }
        Path base = bottomFirst.get(0);
        Path marker = Path.of(config.layerRoot(), "processed", digest(base.toString()));
        if (Files.exists(marker)) {
            return;
        }
        try {
            layers.processBaseImage(base.toString());
            Path utilityVm = base.resolve("UtilityVM");
            if (Files.isDirectory(utilityVm)) {
                layers.processUtilityImage(utilityVm.toString());
            }
        }
        catch (HcsCallFailed e) {
            throw HcsRuntime.pullFailed(image, e);
        }
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, base.toString());
        }
        catch (IOException e) {
            log.warn("could not record that base layer {} was processed: {}", base, e.toString());
        }
    }

    private static String digest(String text)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.berth.hcs;

import dev.berth.core.error.CreateFailed;
import dev.berth.hcs.error.HcsCallFailed;
import dev.berth.hcs.layer.LayerManager;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A utility VM's scratch disk, as hcsshim's {@code internal/wcow/scratch.go} makes it: a copy of the base layer's
 * {@code UtilityVM\SystemTemplate.vhdx} in the VM's own folder, which the VM is then granted access to
 * ({@code GrantVmAccess}). Deleted with its container; a copy whose grant failed is deleted at once, as hcsshim does.
 */
final class UtilityVmScratch
{
    private static final Logger log = LogManager.getLogger(UtilityVmScratch.class);
    static final String TEMPLATE = "SystemTemplate.vhdx";

    private UtilityVmScratch() {}

    /** @return the disk's path; @throws CreateFailed without a template, or when it cannot be copied */
    static Path create(LayerManager layers, String containerId, Path baseLayer, Path folder, String vmId)
    {
        Path template = baseLayer.resolve("UtilityVM").resolve(TEMPLATE);
        if (!Files.isRegularFile(template)) {
            throw new CreateFailed(containerId, "Hyper-V isolation needs the base layer's UtilityVM\\" + TEMPLATE + ", which is missing: " + template);
        }
        Path disk = folder.resolve(LayerManager.SANDBOX);
        try {
            Files.createDirectories(folder);
            Files.copy(template, disk, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            throw new CreateFailed(containerId, "cannot copy " + template + " to " + disk + ": " + e, e);
        }
        try {
            layers.grantVmAccess(vmId, disk.toString());
        }
        catch (HcsCallFailed e) {
            delete(folder);
            throw e;
        }
        return disk;
    }

    /** Deletes the VM's folder and its disk; a failure is logged, the folder kept. */
    static void delete(Path folder)
    {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.delete(path);
            }
        }
        catch (IOException e) {
            log.warn("cannot delete utility VM folder {}: {}", folder, e.toString());
        }
    }
}

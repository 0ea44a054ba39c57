package dev.berth.hcs.document;

import static java.util.Objects.requireNonNull;

/**
 * Where a utility VM's parts live on the host: the base layer's {@code UtilityVM\Files} (shared read-only as the
 * VM's OS) and the VM's scratch disk.
 */
public record UtilityVmLayout(String id, String osFilesPath, String scratchDisk)
{
    public UtilityVmLayout
    {
        requireNonNull(id, "id is null");
        requireNonNull(osFilesPath, "osFilesPath is null");
        requireNonNull(scratchDisk, "scratchDisk is null");
    }
}

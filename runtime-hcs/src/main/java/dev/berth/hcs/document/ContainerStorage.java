package dev.berth.hcs.document;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A container's prepared storage: its read-only layers topmost first, and the path HCS mounts as its root (the scratch
 * layer's volume for process isolation; the scratch folder for Hyper-V, where the disk is attached to the utility VM).
 */
public record ContainerStorage(List<LayerRef> layers, String scratchPath)
{
    public ContainerStorage
    {
        layers = List.copyOf(requireNonNull(layers, "layers is null"));
        requireNonNull(scratchPath, "scratchPath is null");
    }
}

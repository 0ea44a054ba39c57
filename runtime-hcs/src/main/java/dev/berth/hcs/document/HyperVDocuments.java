package dev.berth.hcs.document;

import static java.util.Objects.requireNonNull;

/** A Hyper-V isolated container: its utility VM's document, and the hosted container's. */
public record HyperVDocuments(String utilityVmId, ComputeSystem utilityVm, ComputeSystem container)
{
    public HyperVDocuments
    {
        requireNonNull(utilityVmId, "utilityVmId is null");
        requireNonNull(utilityVm, "utilityVm is null");
        requireNonNull(container, "container is null");
    }
}

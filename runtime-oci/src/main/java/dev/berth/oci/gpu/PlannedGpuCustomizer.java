package dev.berth.oci.gpu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.spec.GpuRequest;
import dev.berth.gpu.edit.ContainerEdits;
import dev.berth.gpu.edit.OciConfigEditor;
import dev.berth.gpu.plan.GpuPlanner;
import dev.berth.oci.bundle.BundleRequest;
import dev.berth.oci.bundle.OciConfigCustomizer;

/**
 * Gives a container the GPUs its spec asks for, through the bundle hook: the planner checks the host it was built
 * for (CDI specs and MPS directories on a Linux node; /dev/dxg and the driver libraries inside a WSL2 distro) and
 * its edits are applied to the OCI config. A GPU that cannot be given fails the create; there is no CPU fallback.
 * Shared by this backend and the WSL2 delegate.
 */
public final class PlannedGpuCustomizer
        implements OciConfigCustomizer
{
    private final GpuPlanner planner;

    public PlannedGpuCustomizer(GpuPlanner planner)
    {
        this.planner = requireNonNull(planner, "planner is null");
    }

    @Override
    public void customize(BundleRequest request, ObjectNode config)
    {
        ContainerEdits edits = planner.plan(request.spec().resources().gpu(), request.spec().isolation());
        OciConfigEditor.apply(config, edits);
    }

    @Override
    public boolean providesGpu(GpuRequest gpu)
    {
        return true;
    }
}

package dev.berth.oci.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.spec.GpuRequest;

/**
 * A hook called on every generated OCI config before it is written, in the order Guice's
 * {@code Multibinder<OciConfigCustomizer>} set gives. This is where CDI device edits (device nodes, mounts, env,
 * hooks) are applied for GPUs.
 *
 * <p>When a spec asks for a GPU, at least one customizer must claim it through {@link #providesGpu}; otherwise
 * the bundle builder fails the container rather than run it on the CPU.
 */
public interface OciConfigCustomizer
{
    /**
     * Edits {@code config} (the OCI runtime-spec document) in place.
     *
     * @throws dev.berth.core.error.AgentError naming what is missing (a CDI device, the MPS directory, …)
     */
    void customize(BundleRequest request, ObjectNode config);

    /** Whether {@link #customize} gives the container the GPUs {@code gpu} asks for. */
    default boolean providesGpu(GpuRequest gpu)
    {
        return false;
    }
}

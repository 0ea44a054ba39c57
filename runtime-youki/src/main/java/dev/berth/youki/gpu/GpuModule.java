package dev.berth.youki.gpu;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.plan.GpuPlanner;
import dev.berth.oci.bundle.OciConfigCustomizer;
import dev.berth.oci.gpu.PlannedGpuCustomizer;

/** Adds GPU delivery (CDI devices, MPS, time-slice) on this Linux host to the bundle hook. */
public final class GpuModule
        extends AbstractModule
{
    private final GpuConfig config;

    public GpuModule(GpuConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure()
    {
        Multibinder.newSetBinder(binder(), OciConfigCustomizer.class).addBinding()
                .toInstance(new PlannedGpuCustomizer(GpuPlanner.forLocalHost(config)));
    }
}

package dev.berth.youki;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.berth.core.spec.GpuRequest;
import dev.berth.oci.bundle.BundleRequest;
import dev.berth.oci.bundle.OciConfigCustomizer;

/** A customizer registered the way the GPU module will register its CDI one: it serves vendor "fake" only. */
final class GpuStubModule
        extends AbstractModule
{
    @Override
    protected void configure()
    {
        Multibinder.newSetBinder(binder(), OciConfigCustomizer.class).addBinding().toInstance(new OciConfigCustomizer()
        {
            @Override
            public void customize(BundleRequest request, ObjectNode config)
            {
                if (request.spec().resources().gpu().map(gpu -> gpu.vendor().equals("fake")).orElse(false)) {
                    ((ArrayNode) config.path("process").path("env")).add("FAKE_GPU=granted");
                }
            }

            @Override
            public boolean providesGpu(GpuRequest gpu)
            {
                return gpu.vendor().equals("fake");
            }
        });
    }
}

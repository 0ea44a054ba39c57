package dev.berth.youki.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.berth.core.error.Configuration;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.testing.Requirements;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.plan.GpuPlanner;
import dev.berth.oci.bundle.OciConfigCustomizer;
import dev.berth.oci.gpu.PlannedGpuCustomizer;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The native Linux GPU path end to end on real runc: runtime-youki's backend, with agent-gpu's planner plugged into
 * its {@link OciConfigCustomizer} hook exactly as the wiring proposed for runtime-youki does, resolves a CDI device
 * from a spec in a temp CDI directory and the container sees the device node and the CDI env. The "GPU" is
 * {@code /dev/null} under another name, since this host has none.
 */
class YoukiCdiWiringTest
{
    @TempDir
    Path host;

    private YoukiHarness harness() throws Exception
    {
        Files.createDirectories(host.resolve("etc/cdi"));
        Files.createDirectories(host.resolve("dev"));
        Files.createSymbolicLink(host.resolve("dev/null"), Path.of("/dev/null"));
        Files.writeString(host.resolve("etc/cdi/example.yaml"), """
                cdiVersion: 0.6.0
                kind: example.com/gpu
                devices:
                - name: "0"
                  containerEdits:
                    deviceNodes:
                    - path: /dev/fakegpu0
                      hostPath: /dev/null
                    env:
                    - FAKE_GPU=0
                containerEdits:
                  env:
                  - FAKE_DRIVER=1.0
                """);
        GpuConfig gpu = GpuConfig.DEFAULTS;
        GpuPlanner planner = new GpuPlanner(dev.berth.gpu.host.LocalHostView.ofRoot(host), dev.berth.gpu.plan.BackendKind.NATIVE_LINUX, gpu);
        return YoukiHarness.create(TestFlavor.RUNC, Map.of(), new AbstractModule()
        {
            @Override
            protected void configure()
            {
                Multibinder.newSetBinder(binder(), OciConfigCustomizer.class).addBinding().toInstance(new PlannedGpuCustomizer(planner));
            }
        });
    }

    @Test
    void aCdiDeviceReachesTheContainer() throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        try (YoukiHarness harness = harness()) {
            RuntimeBackend backend = harness.backend();
            ServiceSpec spec = SpecParser.parseService("""
                    name: cdi
                    image: busybox:test
                    args: [sh, -c, 'test -c /dev/fakegpu0 && echo "device $FAKE_GPU driver $FAKE_DRIVER"; echo x > /dev/fakegpu0 && echo writable']
                    resources:
                      gpu:
                        vendor: example.com/gpu
                        count: 1
                    """);
            backend.create(new ContainerRequest("cdi-1", spec, harness.busybox(), Map.of()));
            backend.start("cdi-1");
            assertThat(backend.wait("cdi-1", Duration.ofSeconds(30)).code()).isZero();
            List<String> lines = new ArrayList<>();
            try (LogReader reader = backend.logs("cdi-1", LogOptions.ALL)) {
                reader.forEachRemaining(line -> lines.add(line.text()));
            }
            assertThat(lines).containsExactly("device 0 driver 1.0", "writable");
        }
    }

    @Test
    void aGpuWithNoCdiDeviceFailsCreateNeverRunsOnCpu() throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        try (YoukiHarness harness = harness()) {
            ServiceSpec spec = SpecParser.parseService("name: cdi\nimage: busybox:test\nargs: [true]\nresources:\n  gpu:\n    count: 2\n");
            assertThatThrownBy(() -> harness.backend().create(new ContainerRequest("cdi-2", spec, harness.busybox(), Map.of())))
                    .isInstanceOf(Configuration.class)
                    .hasMessageContaining("no CDI spec for kind nvidia.com/gpu");
        }
    }
}

package dev.berth.wsl2.plugin;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.berth.core.plugin.BackendBinder;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.host.HostView;
import dev.berth.gpu.inventory.GpuInventoryProbe;
import dev.berth.gpu.plan.BackendKind;
import dev.berth.gpu.plan.GpuPlanner;
import dev.berth.image.ImageService;
import dev.berth.wsl2.Wsl2Backend;
import dev.berth.wsl2.Wsl2Settings;
import dev.berth.wsl2.config.Wsl2Config;
import dev.berth.wsl2.distro.DistroFiles;
import dev.berth.wsl2.distro.DistroLayout;
import dev.berth.wsl2.distro.DistroMonitor;
import dev.berth.wsl2.distro.LayerStager;
import dev.berth.oci.gpu.PlannedGpuCustomizer;
import dev.berth.wsl2.transport.DistroTransport;
import dev.berth.wsl2.transport.LocalDistroTransport;
import dev.berth.wsl2.transport.WslExeTransport;
import dev.berth.youki.YoukiSettings;
import dev.berth.oci.bundle.BundleBuilder;
import dev.berth.oci.bundle.BundlePolicy;
import dev.berth.oci.bundle.RootfsMounter;
import dev.berth.oci.runtime.OciRuntime;
import dev.berth.oci.runtime.OciRuntimeSettings;
import dev.berth.oci.state.ContainerStore;

import java.nio.file.Path;
import java.util.Set;

/**
 * Binds the WSL2 delegate. {@link ImageService} must be bound by the image module. Its OCI driver, rootfs mounter
 * and bundle builder are runtime-youki's, built over the distro transport; GPUs come from agent-gpu's planner
 * probing inside the distro.
 */
public final class Wsl2Module
        extends AbstractModule
{
    private final Wsl2Config config;
    private final GpuConfig gpu;

    public Wsl2Module(Wsl2Config config, GpuConfig gpu)
    {
        this.config = requireNonNull(config, "config is null");
        this.gpu = requireNonNull(gpu, "gpu is null");
    }

    @Override
    protected void configure()
    {
        bind(Wsl2Config.class).toInstance(config);
        bind(GpuConfig.class).toInstance(gpu);
        BackendBinder.bind(binder(), Wsl2Backend.NAME, Wsl2Backend.class);
    }

    /** The transport the config names; the wsl.exe one keeps the distro alive while the agent runs. */
    public static DistroTransport transport(Wsl2Config config)
    {
        return switch (config.transport()) {
            case WSL -> {
                WslExeTransport wsl = new WslExeTransport(config.wslExe(), config.distro());
                wsl.startKeepalive();
                // a child process outlives the JVM on Windows: end the idle session with the agent
                Runtime.getRuntime().addShutdownHook(new Thread(wsl::close, "wsl2-keepalive-close"));
                yield wsl;
            }
            case LOCAL -> new LocalDistroTransport(Path.of(config.localRoot()));
        };
    }

    @Provides
    @Singleton
    static DistroTransport distroTransport(Wsl2Config config)
    {
        return transport(config);
    }

    @Provides
    @Singleton
    static Wsl2Backend backend(ImageService images, DistroTransport transport, Wsl2Config config, GpuConfig gpu)
    {
        return create(images, transport, config, gpu);
    }

    /** The delegate wired by hand, for tests and for callers without Guice. */
    public static Wsl2Backend create(ImageService images, DistroTransport transport, Wsl2Config config, GpuConfig gpu)
    {
        DistroLayout layout = new DistroLayout(config.stateDir());
        ContainerStore records = new ContainerStore(Path.of(config.recordDir()));
        OciRuntime runtime = new OciRuntime(transport, new OciRuntimeSettings(config.binary(), config.flavor(), config.root(),
                id -> runtimeLog(layout, records, id), config.createTimeout(), config.callTimeout()));
        DistroMonitor monitor = new DistroMonitor(transport, runtime, layout, config.conmon(), config.logMaxSize(), config.createTimeout(),
                config.callTimeout());
        HostView distro = transport.hostView(gpu.probeTimeout());
        GpuPlanner planner = new GpuPlanner(distro, BackendKind.WSL2, gpu);
        BundleBuilder bundles = new BundleBuilder(Set.of(new PlannedGpuCustomizer(planner)),
                new BundlePolicy(config.allowedBindRoots().stream().map(Path::of).toList(), false));
        return new Wsl2Backend(images, transport, runtime, monitor, bundles, new RootfsMounter(transport, config.callTimeout()),
                new LayerStager(transport, layout, config.callTimeout(), config.createTimeout()), new DistroFiles(transport, config.callTimeout()),
                layout, records, new Wsl2Settings(config.distro(), YoukiSettings.goArch(System.getProperty("os.arch")), config.cgroupParent(),
                        config.callTimeout()), new GpuInventoryProbe(distro, gpu));
    }

    /** A known container logs into its own directory; calls about unknown ids share one file the runtime can always open. */
    static String runtimeLog(DistroLayout layout, ContainerStore records, String id)
    {
        try {
            if (records.exists(id)) {
                return layout.runtimeLog(id);
            }
        }
        catch (IllegalArgumentException e) {
            // an id that cannot name a directory
        }
        return layout.sharedRuntimeLog();
    }
}

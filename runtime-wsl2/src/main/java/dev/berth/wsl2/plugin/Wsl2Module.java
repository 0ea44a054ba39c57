package dev.berth.wsl2.plugin;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.berth.core.plugin.BackendBinder;
import dev.berth.core.runtime.BackendCapabilities;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.Isolation;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.plan.BackendKind;
import dev.berth.gpu.plan.GpuPlanner;
import dev.berth.image.ImageService;
import dev.berth.oci.ContainerNetwork;
import dev.berth.oci.OciBackend;
import dev.berth.oci.OciBackendSettings;
import dev.berth.oci.PrivateNetwork;
import dev.berth.oci.bundle.BundleBuilder;
import dev.berth.oci.bundle.BundlePolicy;
import dev.berth.oci.bundle.RootfsMounter;
import dev.berth.oci.gpu.PlannedGpuCustomizer;
import dev.berth.oci.runtime.OciRuntime;
import dev.berth.oci.runtime.OciRuntimeSettings;
import dev.berth.oci.state.ContainerStore;
import dev.berth.wsl2.DistroContainerHost;
import dev.berth.wsl2.config.Wsl2Config;
import dev.berth.wsl2.distro.DistroLayout;
import dev.berth.wsl2.distro.DistroMonitor;
import dev.berth.wsl2.distro.LayerStager;
import dev.berth.wsl2.transport.DistroTransport;
import dev.berth.wsl2.transport.LocalDistroTransport;
import dev.berth.wsl2.transport.WslExeTransport;

import java.nio.file.Path;
import java.util.Set;

/**
 * Binds the WSL2 delegate: runtime-oci's backend over a {@link DistroContainerHost}, with the OCI driver, rootfs
 * mounter and bundle builder built over the distro transport. {@link ImageService} must be bound by the image
 * module. GPUs come from agent-gpu's planner probing inside the distro.
 */
public final class Wsl2Module
        extends AbstractModule
{
    /** The backend's name, as {@code runtime.backends} and a spec's {@code runtime} say it. */
    public static final String NAME = "wsl2";
    /** WSL forwards the distro's listening ports to Windows' localhost, so the distro's namespace publishes them. */
    private static final ContainerNetwork NETWORK = new PrivateNetwork("network: bridge is not available in the wsl2 delegate; use host "
            + "(ports reach Windows' localhost through WSL's forwarding) or none");

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
        BackendBinder.bind(binder(), NAME, OciBackend.class);
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
    static OciBackend backend(ImageService images, DistroTransport transport, Wsl2Config config, GpuConfig gpu)
    {
        return create(images, transport, config, gpu);
    }

    /** The delegate wired by hand, for tests and for callers without Guice. */
    public static OciBackend create(ImageService images, DistroTransport transport, Wsl2Config config, GpuConfig gpu)
    {
        DistroLayout layout = new DistroLayout(config.stateDir());
        ContainerStore records = new ContainerStore(Path.of(config.recordDir()));
        OciRuntime runtime = new OciRuntime(transport, new OciRuntimeSettings(config.binary(), config.flavor(), config.root(),
                id -> runtimeLog(layout, records, id), config.createTimeout(), config.callTimeout()));
        DistroMonitor monitor = new DistroMonitor(transport, runtime, layout, config.conmon(), config.logMaxSize(), config.createTimeout(),
                config.callTimeout());
        BundleBuilder bundles = new BundleBuilder(Set.of(new PlannedGpuCustomizer(new GpuPlanner(transport.hostView(gpu.probeTimeout()),
                BackendKind.WSL2, gpu))), new BundlePolicy(config.allowedBindRoots().stream().map(Path::of).toList(), false));
        DistroContainerHost host = new DistroContainerHost(images, transport, layout, monitor,
                new LayerStager(transport, layout, config.callTimeout(), config.createTimeout()), config.distro(), config.callTimeout());
        return new OciBackend(images, runtime, bundles, new RootfsMounter(transport, config.callTimeout()), records, NETWORK, host, settings(config));
    }

    static OciBackendSettings settings(Wsl2Config config)
    {
        return new OciBackendSettings(NAME, OciBackendSettings.goArch(System.getProperty("os.arch")), config.cgroupParent(), config.callTimeout(),
                BackendCapabilities.builder().exec().logs().tty().gpu(true)
                        .gpuSharing(GpuSharing.EXCLUSIVE, GpuSharing.MPS, GpuSharing.TIME_SLICE).isolation(Isolation.AUTO, Isolation.PROCESS).build());
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

package dev.berth.youki.plugin;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.berth.core.error.Configuration;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.plugin.BackendBinder;
import dev.berth.core.runtime.BackendCapabilities;
import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.Isolation;
import dev.berth.core.spec.MpsSettings;
import dev.berth.image.ImageService;
import dev.berth.oci.ContainerNetwork;
import dev.berth.oci.OciBackend;
import dev.berth.oci.OciBackendSettings;
import dev.berth.oci.PrivateNetwork;
import dev.berth.oci.bundle.BindSources;
import dev.berth.oci.bundle.BundleBuilder;
import dev.berth.oci.bundle.BundlePolicy;
import dev.berth.oci.bundle.OciConfigCustomizer;
import dev.berth.oci.bundle.RootfsMounter;
import dev.berth.oci.cgroup.CgroupReader;
import dev.berth.oci.linux.BindStaging;
import dev.berth.oci.linux.CommandHostFilesystem;
import dev.berth.oci.linux.HostFilesystem;
import dev.berth.oci.linux.LazyLibC;
import dev.berth.oci.linux.LibCLoader;
import dev.berth.oci.linux.NativeHostFilesystem;
import dev.berth.oci.monitor.ConmonMonitor;
import dev.berth.oci.monitor.ConmonSettings;
import dev.berth.oci.process.CommandTransport;
import dev.berth.oci.process.LocalCommandTransport;
import dev.berth.oci.runtime.OciRuntime;
import dev.berth.oci.runtime.OciRuntimeSettings;
import dev.berth.oci.state.ContainerStore;
import dev.berth.youki.LocalContainerHost;
import dev.berth.youki.config.YoukiConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Binds the youki backend. Other modules extend it through Guice:
 * {@code Multibinder.newSetBinder(binder, OciConfigCustomizer.class)} to edit OCI configs (CDI, GPUs), and
 * {@code OptionalBinder.newOptionalBinder(binder, ContainerNetwork.class).setBinding()} to replace the
 * loopback-only network with CNI. {@link dev.berth.image.ImageService} must be bound by the image module.
 */
public final class YoukiModule
        extends AbstractModule
{
    /** The backend's name, as {@code runtime.backends} and a spec's {@code runtime} say it. */
    public static final String NAME = "youki";

    private final YoukiConfig config;

    public YoukiModule(YoukiConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure()
    {
        bind(YoukiConfig.class).toInstance(config);
        bind(CommandTransport.class).to(LocalCommandTransport.class).in(Scopes.SINGLETON);
        bind(LocalCommandTransport.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), OciConfigCustomizer.class);
        OptionalBinder.newOptionalBinder(binder(), ContainerNetwork.class).setDefault().toInstance(new PrivateNetwork());
        OptionalBinder.newOptionalBinder(binder(), BindSources.class).setDefault().to(BindStaging.class);
        BackendBinder.bind(binder(), NAME, OciBackend.class);
    }

    @Provides
    @Singleton
    static OciBackend backend(ImageService images, OciRuntime runtime, BundleBuilder bundles, RootfsMounter rootfs, ContainerStore store,
            ContainerNetwork network, ConmonMonitor monitor, CgroupReader cgroups, OciBackendSettings settings, BindSources bindSources)
    {
        return new OciBackend(images, runtime, bundles, rootfs, store, network,
                new LocalContainerHost(images, store, monitor, cgroups, settings, bindSources), settings);
    }

    /** The runtime binary as an absolute path (conmon refuses bare names). */
    static String runtimeBinary(YoukiConfig config)
    {
        return Executables.find(config.binary(), Executables.searchPath()).map(Path::toString)
                .orElseThrow(() -> new Configuration(YoukiConfig.BINARY.name() + ": no executable \"" + config.binary() + "\" found"));
    }

    @Provides
    @Singleton
    static OciRuntime ociRuntime(CommandTransport transport, YoukiConfig config, ContainerStore store)
    {
        return new OciRuntime(transport, new OciRuntimeSettings(runtimeBinary(config), config.flavor(), config.root(),
                id -> runtimeLog(config, store, id), config.createTimeout(), config.callTimeout()));
    }

    /** Each container's runtime log in its own directory; calls about unknown ids share one file. */
    static String runtimeLog(YoukiConfig config, ContainerStore store, String id)
    {
        try {
            Path directory = store.paths(id).directory();
            if (Files.isDirectory(directory)) {
                return store.paths(id).runtimeLog().toString();
            }
        }
        catch (InvalidSpec e) {
            // an id that cannot name a directory
        }
        return config.stateDir().resolve("runtime.json").toString();
    }

    @Provides
    @Singleton
    static ConmonMonitor monitor(CommandTransport transport, OciRuntime runtime, YoukiConfig config)
    {
        return new ConmonMonitor(transport, runtime, new ConmonSettings(config.conmon(), runtime.settings().binary(),
                config.stateDir().resolve("sockets"), config.logMaxSize(), config.createTimeout()));
    }

    @Provides
    @Singleton
    static BundleBuilder bundleBuilder(Set<OciConfigCustomizer> customizers, YoukiConfig config, BindSources bindSources)
    {
        return new BundleBuilder(customizers, new BundlePolicy(config.allowedBindRoots(), config.allowHardeningOptOut(), config.defaultPidsLimit()),
                bindSources);
    }

    /** Bind sources opened beneath their allowed root and held by a mount in the container's directory until removal. */
    @Provides
    @Singleton
    static BindStaging bindStaging(ContainerStore store, YoukiConfig config)
    {
        return new BindStaging(new LazyLibC(), id -> store.paths(id).binds(), config.callTimeout());
    }

    /**
     * Directories, overlay mounts and network namespaces. This module's transport runs commands on this host, so
     * they are system calls in-process (no fork and exec per mount); only off Linux (never served) are they commands.
     * libc is loaded on a background thread, not before the agent is ready.
     */
    @Provides
    @Singleton
    static HostFilesystem hostFilesystem(CommandTransport transport, YoukiConfig config)
    {
        if (LibCLoader.isLinux()) {
            return new NativeHostFilesystem(new LazyLibC().preloadInBackground(), config.callTimeout());
        }
        return new CommandHostFilesystem(transport, config.callTimeout());
    }

    @Provides
    @Singleton
    static RootfsMounter rootfsMounter(HostFilesystem filesystem)
    {
        return new RootfsMounter(filesystem);
    }

    @Provides
    @Singleton
    static ContainerStore store(YoukiConfig config)
    {
        try {
            // the runtime's log for calls about unknown ids lives here, so it must exist before the first call
            Files.createDirectories(config.stateDir());
        }
        catch (IOException e) {
            throw new Configuration(YoukiConfig.STATE_DIR.name() + ": cannot create " + config.stateDir() + ": " + e.getMessage(), e);
        }
        return new ContainerStore(config.stateDir());
    }

    @Provides
    @Singleton
    static CgroupReader cgroups()
    {
        return new CgroupReader(Path.of("/sys/fs/cgroup"));
    }

    @Provides
    @Singleton
    static OciBackendSettings settings(YoukiConfig config, Set<OciConfigCustomizer> customizers)
    {
        // a plain one-GPU request: does any installed customizer (the GPU module's CDI one) serve it?
        GpuRequest probe = new GpuRequest(1, "nvidia", List.of(), GpuSharing.EXCLUSIVE, MpsSettings.DEFAULTS, OptionalInt.empty());
        boolean gpu = customizers.stream().anyMatch(customizer -> customizer.providesGpu(probe));
        return new OciBackendSettings(NAME, OciBackendSettings.goArch(System.getProperty("os.arch")), config.cgroupParent(), config.callTimeout(),
                BackendCapabilities.builder().exec().logs().stats().tty().gpu(gpu).isolation(Isolation.AUTO, Isolation.PROCESS).build());
    }
}

package dev.berth.wsl2;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Internal;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.Timeout;
import dev.berth.core.error.Unsupported;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.runtime.BackendCapabilities;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.Isolation;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.gpu.inventory.GpuInventory;
import dev.berth.gpu.inventory.GpuInventoryProbe;
import dev.berth.image.ImageService;
import dev.berth.image.PullListener;
import dev.berth.wsl2.distro.DistroFiles;
import dev.berth.wsl2.distro.DistroLayout;
import dev.berth.wsl2.distro.DistroMonitor;
import dev.berth.wsl2.distro.LayerStager;
import dev.berth.wsl2.distro.MonitorState;
import dev.berth.wsl2.distro.RootfsIdentity;
import dev.berth.wsl2.transport.DistroTransport;
import dev.berth.oci.ContainerStates;
import dev.berth.oci.ExecDefaults;
import dev.berth.oci.StopSignal;
import dev.berth.oci.bundle.BundleBuilder;
import dev.berth.oci.bundle.BundleRequest;
import dev.berth.oci.bundle.NetworkNamespace;
import dev.berth.oci.bundle.RootfsMounter;
import dev.berth.oci.runtime.OciRuntime;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.state.ContainerRecord;
import dev.berth.oci.state.ContainerStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The WSL2 delegate: Linux containers on a Windows node, run inside a WSL2 distro by an OCI runtime under conmon.
 * It reuses runtime-youki's OCI driver, rootfs mounter and bundle builder over a {@link
 * dev.berth.wsl2.transport.DistroTransport}; layers are unpacked inside the distro, and every probe and file
 * access happens there. Records of its containers stay on the agent's host.
 */
public final class Wsl2Backend
        implements RuntimeBackend
{
    public static final String NAME = "wsl2";
    private static final Logger log = LogManager.getLogger(Wsl2Backend.class);

    private final ImageService images;
    private final OciRuntime runtime;
    private final DistroMonitor monitor;
    private final BundleBuilder bundles;
    private final RootfsMounter rootfs;
    private final LayerStager layers;
    private final DistroFiles files;
    private final DistroLayout layout;
    private final ContainerStore records;
    private final Wsl2Settings settings;
    private final GpuInventoryProbe gpus;
    private final DistroTransport transport;

    public Wsl2Backend(ImageService images, DistroTransport transport, OciRuntime runtime, DistroMonitor monitor, BundleBuilder bundles,
            RootfsMounter rootfs, LayerStager layers, DistroFiles files, DistroLayout layout, ContainerStore records, Wsl2Settings settings,
            GpuInventoryProbe gpus)
    {
        this.transport = requireNonNull(transport, "transport is null");
        this.images = requireNonNull(images, "images is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.monitor = requireNonNull(monitor, "monitor is null");
        this.bundles = requireNonNull(bundles, "bundles is null");
        this.rootfs = requireNonNull(rootfs, "rootfs is null");
        this.layers = requireNonNull(layers, "layers is null");
        this.files = requireNonNull(files, "files is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.records = requireNonNull(records, "records is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.gpus = requireNonNull(gpus, "gpus is null");
    }

    /** The GPUs the distro sees (nvidia-smi inside it), with time-slice capacity, for {@code berth node}. */
    public GpuInventory gpuInventory()
    {
        return gpus.probe();
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public Set<OsFamily> servedOs()
    {
        return Set.of(OsFamily.LINUX);
    }

    @Override
    public BackendCapabilities capabilities()
    {
        return new BackendCapabilities(true, true, false, true, true, Set.of(GpuSharing.EXCLUSIVE, GpuSharing.MPS, GpuSharing.TIME_SLICE),
                Set.of(Isolation.AUTO, Isolation.PROCESS));
    }

    @Override
    public PulledImage pull(String image, PlatformSpec platform)
    {
        PulledImage pulled = images.pull(image, platform, PullListener.NONE);
        checkLinux(pulled);
        return pulled;
    }

    private static void checkLinux(PulledImage image)
    {
        if (image.platform().osFamily().orElse(null) != OsFamily.LINUX) {
            throw new WrongPlatform(NAME, OsFamily.LINUX.ociName(), image.platform().os(), image.reference());
        }
    }

    @Override
    public ContainerStatus create(ContainerRequest request)
    {
        String id = request.id();
        checkLinux(request.image());
        if (records.exists(id)) {
            throw new CreateFailed(id, "a container with this id already exists on this node");
        }
        NetworkNamespace network = network(request.spec());
        ContainerRecord record = new ContainerRecord(id, request.spec().name(), request.image().reference(), Instant.now(), Optional.empty(),
                request.annotations(), StopSignal.SIGTERM, Optional.empty());
        records.save(record);
        try {
            record = record.withStopSignal(StopSignal.parse(request.image().config().stopSignal(), request.image().reference()));
            records.save(record);
            List<String> staged = layers.stage(request.image().reference(), images.layerDirectories(request.image()));
            rootfs.mount(id, staged, layout.upper(id), layout.work(id), layout.rootfs(id));
            BundleRequest bundle = new BundleRequest(id, request.spec(), request.image().config(), layout.rootfs(id), network,
                    cgroupsPath(id), request.annotations(), settings.hostArch());
            String user = !request.spec().user().isEmpty() ? request.spec().user() : request.image().config().user();
            ObjectNode config;
            try (RootfsIdentity identity = RootfsIdentity.copy(files, layout.rootfs(id), user)) {
                config = bundles.config(bundle, identity.root());
            }
            files.write(layout.bundle(id) + "/config.json", BundleBuilder.toJson(config));
            monitor.create(id, request.spec().tty());
        }
        catch (AgentError e) {
            records.save(record.failed(e));
            log.warn("create of container {} in {} failed; its files stay in {}: {}", id, settings.distro(), layout.container(id), e.getMessage());
            throw e;
        }
        return state(id);
    }

    private static NetworkNamespace network(ServiceSpec spec)
    {
        return switch (spec.network()) {
            case NONE -> NetworkNamespace.privateNamespace();
            // WSL forwards the distro's listening ports to Windows' localhost, so the distro's namespace publishes them
            case HOST -> NetworkNamespace.host();
            case BRIDGE -> throw new Unsupported("network: bridge is not available in the wsl2 delegate; use host (ports reach Windows' "
                    + "localhost through WSL's forwarding) or none");
        };
    }

    @Override
    public void start(String id)
    {
        ContainerRecord record = record(id);
        try {
            runtime.start(id);
        }
        catch (AgentError e) {
            if (!(e instanceof NotFound)) {
                records.save(record.failed(e));
            }
            throw e;
        }
        records.save(record.started(Instant.now()));
    }

    @Override
    public void stop(String id, Duration grace)
    {
        ContainerRecord record = record(id);
        if (monitor.look(id).exit().isPresent()) {
            return;
        }
        if (runtime.kill(id, record.stopSignal(), false) && awaitExit(id, grace).isPresent()) {
            return;
        }
        runtime.kill(id, 9, true);
        if (awaitExit(id, settings.callTimeout()).isEmpty() && monitor.look(id).monitorAlive()) {
            throw new Timeout(settings.callTimeout(), new Internal("container '" + id + "' did not exit after SIGKILL"));
        }
    }

    @Override
    public void kill(String id, int signal)
    {
        record(id);
        runtime.kill(id, signal, false);
    }

    @Override
    public void remove(String id, boolean force)
    {
        boolean recorded = records.exists(id);
        boolean inRuntime = runtime.list().contains(id);
        if (!recorded && !inRuntime) {
            throw new NotFound(id, "no record in " + records.paths(id).directory() + " and not in the runtime root " + runtime.settings().root()
                    + " of WSL2 distro '" + settings.distro() + "'");
        }
        ContainerStatus status = recorded ? state(id) : ContainerStates.ofRuntimeOnly(runtime.state(id), NAME);
        if (status.state() == ContainerState.RUNNING) {
            if (!force) {
                throw new InvalidSpec("container '" + id + "' is running: stop it first or remove it with force");
            }
            runtime.kill(id, 9, true);
            awaitExit(id, settings.callTimeout());
        }
        if (inRuntime) {
            try {
                runtime.delete(id, true);
            }
            catch (NotFound e) {
                // gone from the runtime already
            }
        }
        if (recorded) {
            rootfs.unmount(id, layout.rootfs(id));
            files.removeTree(layout.container(id), layout.stateDir() + "/containers");
            records.delete(id);
        }
    }

    /** As the youki backend answers, with the distro's conmon files for the exit; the runtime tells whether it runs. */
    @Override
    public ContainerStatus state(String id)
    {
        Optional<ContainerRecord> record = records.load(id);
        if (record.isEmpty()) {
            return ContainerStates.ofRuntimeOnly(runtime.state(id), NAME);
        }
        return ContainerStates.of(record.get(), () -> monitor.look(id).exit(), Optional::empty, () -> runtime.state(id), NAME);
    }

    /** One runtime {@code list} in the distro, then one look at each container's conmon files there. */
    @Override
    public List<ContainerStatus> list()
    {
        return ContainerStates.list(records, runtime.listStates(), id -> monitor.look(id).exit(), id -> Optional.empty(), NAME);
    }

    @Override
    public ExitStatus wait(String id, Duration timeout)
    {
        record(id);
        return awaitExit(id, timeout).orElseThrow(() -> {
            MonitorState state = monitor.look(id);
            if (!state.monitorAlive() && state.exit().isEmpty()) {
                return new Internal("container '" + id + "' has no monitor and no recorded exit status in WSL2 distro '" + settings.distro() + "'");
            }
            return new Timeout(timeout);
        });
    }

    private Optional<ExitStatus> awaitExit(String id, Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleepMillis = 5;
        while (true) {
            MonitorState state = monitor.look(id);
            if (state.exit().isPresent()) {
                return state.exit();
            }
            if (!state.monitorAlive() || System.nanoTime() > deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(sleepMillis);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Timeout(timeout, e);
            }
            sleepMillis = Math.min(sleepMillis * 2, 100);
        }
    }

    /** The log, read inside the distro; following polls it there until the container exits or the reader is closed. */
    @Override
    public LogReader logs(String id, LogOptions options)
    {
        record(id);
        return DistroLogs.open(transport, monitor, layout, id, settings.callTimeout(), options);
    }

    @Override
    public ExecResult exec(String id, ExecRequest request)
    {
        ContainerStatus status = state(id);
        if (status.state() != ContainerState.RUNNING) {
            throw new Unsupported("exec needs a running container; '" + id + "' is " + status.state());
        }
        String config = layout.bundle(id) + "/config.json";
        ExecDefaults defaults = ExecDefaults.parse(files.read(config).orElseThrow(
                () -> new Internal("cannot read the OCI config " + config + " of container '" + id + "' in WSL2 distro '" + settings.distro() + "'")), config);
        CommandResult result = runtime.exec(id, request.command(), defaults.envWith(request.env()), defaults.userOr(request.user()), request.timeout());
        return new ExecResult(result.exitCode(), result.stdout(), result.stderr());
    }

    private String cgroupsPath(String id)
    {
        String parent = settings.cgroupParent();
        return (parent.endsWith("/") ? parent : parent + "/") + id;
    }

    private ContainerRecord record(String id)
    {
        return records.load(id).orElseThrow(() -> new NotFound(id, "no record in " + records.paths(id).directory()));
    }
}

package dev.berth.youki;

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
import dev.berth.core.runtime.ContainerStats;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.Isolation;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.ImageService;
import dev.berth.image.PullListener;
import dev.berth.oci.ContainerNetwork;
import dev.berth.oci.ContainerStates;
import dev.berth.oci.ExecDefaults;
import dev.berth.oci.StopSignal;
import dev.berth.oci.bundle.BundleBuilder;
import dev.berth.oci.bundle.BundleRequest;
import dev.berth.oci.bundle.NetworkNamespace;
import dev.berth.oci.bundle.RootfsMounter;
import dev.berth.oci.cgroup.CgroupReader;
import dev.berth.oci.logs.K8sLogReader;
import dev.berth.oci.monitor.ConmonMonitor;
import dev.berth.oci.monitor.ExitWatcher;
import dev.berth.oci.runtime.OciRuntime;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.state.ContainerPaths;
import dev.berth.oci.state.ContainerRecord;
import dev.berth.oci.state.ContainerStore;
import jakarta.inject.Inject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The Linux backend: real containers run by an OCI runtime (youki, runc or crun) under conmon, with root
 * filesystems overlaid on the image store's unpacked layers. State lives on disk under the state dir, so a new
 * agent JVM picks up every container an earlier one created, running or exited.
 */
public final class YoukiBackend
        implements RuntimeBackend
{
    public static final String NAME = "youki";
    private static final Logger log = LogManager.getLogger(YoukiBackend.class);
    /** How long a removed container's conmon may take to write its exit files and end before it is killed. */
    private static final Duration MONITOR_GRACE = Duration.ofSeconds(2);

    private final ImageService images;
    private final OciRuntime runtime;
    private final ConmonMonitor monitor;
    private final BundleBuilder bundles;
    private final RootfsMounter rootfs;
    private final ContainerStore store;
    private final ContainerNetwork network;
    private final CgroupReader cgroups;
    private final ExitWatcher exits;
    private final YoukiSettings settings;

    @Inject
    public YoukiBackend(ImageService images, OciRuntime runtime, ConmonMonitor monitor, BundleBuilder bundles, RootfsMounter rootfs,
            ContainerStore store, ContainerNetwork network, CgroupReader cgroups, YoukiSettings settings)
    {
        this.images = requireNonNull(images, "images is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.monitor = requireNonNull(monitor, "monitor is null");
        this.bundles = requireNonNull(bundles, "bundles is null");
        this.rootfs = requireNonNull(rootfs, "rootfs is null");
        this.store = requireNonNull(store, "store is null");
        this.network = requireNonNull(network, "network is null");
        this.cgroups = requireNonNull(cgroups, "cgroups is null");
        this.exits = new ExitWatcher(cgroups);
        this.settings = requireNonNull(settings, "settings is null");
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
        return new BackendCapabilities(true, true, true, true, settings.gpuCustomizers(), Set.of(), Set.of(Isolation.AUTO, Isolation.PROCESS));
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
        if (store.exists(id)) {
            throw new CreateFailed(id, "a container with this id already exists on this node");
        }
        ContainerPaths paths = store.paths(id);
        if (store.leftover(id)) {
            // a removal cut short: its pid and exit files would be taken for this container's
            finishRemoval(id, paths);
        }
        ContainerRecord record = new ContainerRecord(id, request.spec().name(), request.image().reference(), Instant.now(), Optional.empty(),
                request.annotations(), StopSignal.SIGTERM, Optional.empty());
        store.save(record);
        try {
            record = record.withStopSignal(StopSignal.parse(request.image().config().stopSignal(), request.image().reference()));
            store.save(record);
            List<String> layers = images.layerDirectories(request.image()).stream().map(Path::toString).toList();
            rootfs.mount(id, layers, paths.upper().toString(), paths.work().toString(), paths.rootfs().toString());
            NetworkNamespace namespace = network.attach(id, request.spec());
            BundleRequest bundle = new BundleRequest(id, request.spec(), request.image().config(), paths.rootfs().toString(), namespace,
                    cgroupsPath(id), request.annotations(), settings.hostArch());
            ObjectNode config = bundles.config(bundle, Optional.of(paths.rootfs()));
            BundleBuilder.write(paths.bundle(), config);
            long pid = monitor.create(paths, request.spec().tty());
            // the runtime wrote the pid file at the end of create: the container is created, no need to ask it
            return new ContainerStatus(id, NAME, ContainerState.CREATED, OptionalLong.of(pid), Optional.empty(), Optional.empty());
        }
        catch (AgentError e) {
            store.save(record.failed(e));
            log.warn("create of container {} failed; its files stay in {}: {}", id, paths.directory(), e.getMessage());
            throw e;
        }
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
                store.save(record.failed(e));
            }
            throw e;
        }
        store.save(record.started(Instant.now()));
    }

    @Override
    public void stop(String id, Duration grace)
    {
        ContainerRecord record = record(id);
        if (exitStatus(id).isPresent()) {
            return;
        }
        if (runtime.kill(id, record.stopSignal(), false) && awaitExit(id, grace).isPresent()) {
            return;
        }
        runtime.kill(id, 9, true);
        if (awaitExit(id, settings.callTimeout()).isEmpty() && ConmonMonitor.alive(store.paths(id))) {
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
        boolean recorded = store.exists(id);
        // a recorded container is deleted from the runtime unconditionally (NotFound ignored), saving a listing
        boolean inRuntime = recorded || runtime.list().contains(id);
        if (!recorded && !inRuntime) {
            throw new NotFound(id, "no such container in " + store.paths(id).directory() + " or the runtime root " + runtime.settings().root());
        }
        ContainerStatus status = recorded ? state(id) : ociStatus(id);
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
            finishRemoval(id, store.paths(id));
        }
    }

    /**
     * What follows the runtime's delete: the monitor ends (before it can write into a next container of this id),
     * then the network, the rootfs and the files go.
     */
    private void finishRemoval(String id, ContainerPaths paths)
    {
        if (!ConmonMonitor.retire(paths, MONITOR_GRACE).isEmpty()) {
            // conmon outlived the grace (a create cut short by a crash, say): its create may have left a container behind
            try {
                runtime.delete(id, true);
            }
            catch (NotFound e) {
                // nothing was left
            }
        }
        network.detach(id);
        rootfs.unmount(id, paths.rootfs().toString());
        store.delete(id);
    }

    @Override
    public ContainerStatus state(String id)
    {
        Optional<ContainerRecord> record = store.load(id);
        if (record.isEmpty()) {
            return ociStatus(id);
        }
        return ContainerStates.of(record.get(), () -> exitStatus(id), () -> ConmonMonitor.monitoredInit(store.paths(id)), () -> runtime.state(id), NAME);
    }

    private ContainerStatus ociStatus(String id)
    {
        return ContainerStates.ofRuntimeOnly(runtime.state(id), NAME);
    }

    @Override
    public List<ContainerStatus> list()
    {
        return ContainerStates.list(store, runtime.listStates(), this::exitStatus, id -> ConmonMonitor.monitoredInit(store.paths(id)), NAME);
    }

    @Override
    public ExitStatus wait(String id, Duration timeout)
    {
        record(id);
        return awaitExit(id, timeout).orElseThrow(() -> {
            if (!ConmonMonitor.alive(store.paths(id)) && exitStatus(id).isEmpty()) {
                return new Internal("container '" + id + "' has no monitor and no recorded exit status");
            }
            return new Timeout(timeout);
        });
    }

    private Optional<ExitStatus> awaitExit(String id, Duration timeout)
    {
        return exits.await(store.paths(id), cgroupsPath(id), timeout);
    }

    private Optional<ExitStatus> exitStatus(String id)
    {
        return exits.exitStatus(store.paths(id), cgroupsPath(id));
    }

    @Override
    public LogReader logs(String id, LogOptions options)
    {
        record(id);
        return new K8sLogReader(store.paths(id).log(), options, () -> exitStatus(id).isPresent() || !ConmonMonitor.alive(store.paths(id)));
    }

    @Override
    public ExecResult exec(String id, ExecRequest request)
    {
        ContainerStatus status = state(id);
        if (status.state() != ContainerState.RUNNING) {
            throw new Unsupported("exec needs a running container; '" + id + "' is " + status.state());
        }
        ExecDefaults defaults = ExecDefaults.read(store.paths(id).bundle().resolve("config.json"));
        CommandResult result = runtime.exec(id, request.command(), defaults.envWith(request.env()), defaults.userOr(request.user()), request.timeout());
        return new ExecResult(result.exitCode(), result.stdout(), result.stderr());
    }

    @Override
    public ContainerStats stats(String id)
    {
        record(id);
        return cgroups.stats(cgroupsPath(id));
    }

    private String cgroupsPath(String id)
    {
        String parent = settings.cgroupParent();
        return (parent.endsWith("/") ? parent : parent + "/") + id;
    }

    private ContainerRecord record(String id)
    {
        return store.load(id).orElseThrow(() -> new NotFound(id, "no record in " + store.paths(id).directory()));
    }
}

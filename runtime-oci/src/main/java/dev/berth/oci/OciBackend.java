package dev.berth.oci;

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
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.ImageService;
import dev.berth.image.PullListener;
import dev.berth.oci.bundle.BundleBuilder;
import dev.berth.oci.bundle.BundleRequest;
import dev.berth.oci.bundle.NetworkNamespace;
import dev.berth.oci.bundle.RootfsMounter;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.runtime.OciRuntime;
import dev.berth.oci.state.ContainerRecord;
import dev.berth.oci.state.ContainerStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Linux containers run by an OCI runtime (youki, runc or crun) under conmon, with root filesystems overlaid on the
 * image store's unpacked layers, on whichever {@link ContainerHost} it is given: this host (the youki backend) or a
 * WSL2 distro (the delegate). Records live in the store, so a new agent JVM picks up every container an earlier one
 * created, running or exited; a failed create keeps its record and its files.
 */
public final class OciBackend
        implements RuntimeBackend
{
    private static final Logger log = LogManager.getLogger(OciBackend.class);
    /** How long a removed container's conmon may take to write its exit files and end before it is killed. */
    private static final Duration MONITOR_GRACE = Duration.ofSeconds(2);

    private final ImageService images;
    private final OciRuntime runtime;
    private final BundleBuilder bundles;
    private final RootfsMounter rootfs;
    private final ContainerStore store;
    private final ContainerNetwork network;
    private final ContainerHost host;
    private final OciBackendSettings settings;

    public OciBackend(ImageService images, OciRuntime runtime, BundleBuilder bundles, RootfsMounter rootfs, ContainerStore store,
            ContainerNetwork network, ContainerHost host, OciBackendSettings settings)
    {
        this.images = requireNonNull(images, "images is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.bundles = requireNonNull(bundles, "bundles is null");
        this.rootfs = requireNonNull(rootfs, "rootfs is null");
        this.store = requireNonNull(store, "store is null");
        this.network = requireNonNull(network, "network is null");
        this.host = requireNonNull(host, "host is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public String name()
    {
        return settings.name();
    }

    @Override
    public Set<OsFamily> servedOs()
    {
        return Set.of(OsFamily.LINUX);
    }

    @Override
    public BackendCapabilities capabilities()
    {
        return settings.capabilities();
    }

    @Override
    public PulledImage pull(String image, PlatformSpec platform)
    {
        PulledImage pulled = images.pull(image, platform, PullListener.NONE);
        checkLinux(pulled);
        return pulled;
    }

    private void checkLinux(PulledImage image)
    {
        if (image.platform().osFamily().orElse(null) != OsFamily.LINUX) {
            throw new WrongPlatform(name(), OsFamily.LINUX.ociName(), image.platform().os(), image.reference());
        }
    }

    @Override
    public ContainerStatus create(ContainerRequest request)
    {
        String id = request.id();
        checkLinux(request.image());
        network.check(request.spec());
        if (store.exists(id)) {
            throw new CreateFailed(id, "a container with this id already exists on this node");
        }
        if (host.hasFiles(id)) {
            // a removal cut short: its pid and exit files would be taken for this container's
            finishRemoval(id);
        }
        ContainerRecord record = new ContainerRecord(id, request.spec().name(), request.image().reference(), Instant.now(), Optional.empty(),
                request.annotations(), StopSignal.SIGTERM, Optional.empty());
        store.save(record);
        try {
            record = record.withStopSignal(StopSignal.parse(request.image().config().stopSignal(), request.image().reference()));
            store.save(record);
            rootfs.mount(id, host.layers(request.image()), host.upper(id), host.work(id), host.rootfs(id));
            NetworkNamespace namespace = network.attach(id, request.spec());
            BundleRequest bundle = new BundleRequest(id, request.spec(), request.image().config(), host.rootfs(id), namespace,
                    settings.cgroupsPath(id), request.annotations(), settings.hostArch());
            String user = !request.spec().user().isEmpty() ? request.spec().user() : request.image().config().user();
            ObjectNode config = host.withIdentityRoot(id, user, root -> bundles.config(bundle, root));
            host.writeConfig(id, config);
            long pid = host.createMonitored(id, request.spec().tty());
            // the runtime wrote the pid file at the end of create: the container is created, no need to ask it
            return new ContainerStatus(id, name(), ContainerState.CREATED, OptionalLong.of(pid), Optional.empty(), Optional.empty());
        }
        catch (AgentError failure) {
            // the runtime may quote the process's environment: no secret reaches the record, the log or the caller
            AgentError e = request.spec().secrets().redact(failure);
            store.save(record.failed(e));
            log.warn("create of container {} on {} failed; its files stay: {}", id, host.describe(), e.getMessage());
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
        if (host.exitStatus(id).isPresent()) {
            return;
        }
        if (runtime.kill(id, record.stopSignal(), false) && host.awaitExit(id, grace).isPresent()) {
            return;
        }
        runtime.kill(id, 9, true);
        if (host.awaitExit(id, settings.callTimeout()).isEmpty() && host.monitorAlive(id)) {
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
            throw new NotFound(id, "no record in " + store.paths(id).directory() + " and not in the runtime root " + runtime.settings().root()
                    + " on " + host.describe());
        }
        ContainerStatus status = recorded ? state(id) : ContainerStates.ofRuntimeOnly(runtime.state(id), name());
        if (status.state() == ContainerState.RUNNING) {
            if (!force) {
                throw new InvalidSpec("container '" + id + "' is running: stop it first or remove it with force");
            }
            runtime.kill(id, 9, true);
            host.awaitExit(id, settings.callTimeout());
        }
        if (inRuntime) {
            deleteFromRuntime(id);
        }
        if (recorded) {
            finishRemoval(id);
        }
    }

    /**
     * What follows the runtime's delete: the monitor ends (before it can write into a next container of this id),
     * then the network, the rootfs and the files go, the record last.
     */
    private void finishRemoval(String id)
    {
        if (!host.retireMonitor(id, MONITOR_GRACE).isEmpty()) {
            // conmon outlived the grace (a create cut short by a crash, say): its create may have left a container behind
            deleteFromRuntime(id);
        }
        network.detach(id);
        rootfs.unmount(id, host.rootfs(id));
        host.removeFiles(id);
        store.delete(id);
    }

    private void deleteFromRuntime(String id)
    {
        try {
            runtime.delete(id, true);
        }
        catch (NotFound e) {
            // gone from the runtime already
        }
    }

    @Override
    public ContainerStatus state(String id)
    {
        Optional<ContainerRecord> record = store.load(id);
        if (record.isEmpty()) {
            return ContainerStates.ofRuntimeOnly(runtime.state(id), name());
        }
        return ContainerStates.of(record.get(), () -> host.exitStatus(id), () -> host.monitoredInit(id), () -> runtime.state(id), name());
    }

    /** One runtime {@code list}, then one look at each recorded container's conmon files. */
    @Override
    public List<ContainerStatus> list()
    {
        return ContainerStates.list(store, runtime.listStates(), host::exitStatus, host::monitoredInit, name());
    }

    @Override
    public ExitStatus wait(String id, Duration timeout)
    {
        record(id);
        return host.awaitExit(id, timeout).orElseThrow(() -> {
            if (!host.monitorAlive(id) && host.exitStatus(id).isEmpty()) {
                return new Internal("container '" + id + "' has no monitor and no recorded exit status on " + host.describe());
            }
            return new Timeout(timeout);
        });
    }

    @Override
    public LogReader logs(String id, LogOptions options)
    {
        record(id);
        return host.logs(id, options);
    }

    @Override
    public ExecResult exec(String id, ExecRequest request)
    {
        ContainerStatus status = state(id);
        if (status.state() != ContainerState.RUNNING) {
            throw new Unsupported("exec needs a running container; '" + id + "' is " + status.state());
        }
        ExecDefaults defaults = host.execDefaults(id);
        CommandResult result = runtime.exec(id, request.command(), defaults.envWith(request.env()), defaults.userOr(request.user()), request.timeout(),
                request.outputLimit());
        return new ExecResult(result.exitCode(), result.stdout(), result.stderr(), result.stdoutDropped(), result.stderrDropped());
    }

    @Override
    public ContainerStats stats(String id)
    {
        record(id);
        return host.stats(id);
    }

    private ContainerRecord record(String id)
    {
        return store.load(id).orElseThrow(() -> new NotFound(id, "no record in " + store.paths(id).directory()));
    }
}

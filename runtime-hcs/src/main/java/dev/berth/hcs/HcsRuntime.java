package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.PullFailed;
import dev.berth.core.error.Timeout;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.platform.HostPlatform;
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
import dev.berth.core.spec.Isolation;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.hcs.error.HcsCallFailed;
import dev.berth.hcs.error.HcsErrors;
import dev.berth.hcs.layer.LayerManager;
import dev.berth.hcs.layer.WindowsLayerImporter;
import dev.berth.image.ImageService;
import dev.berth.image.PullListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Windows containers through the Host Compute Service. A container is a compute system plus its init process
 * (HcsCreateProcess at start); its state comes from the process's ProcessStatus and the system's Properties; stop is
 * HcsShutDownComputeSystem bounded by the grace period, then HcsTerminateComputeSystem; wait wakes on HCS exit
 * events and otherwise polls. Containers created by an earlier agent run are opened by id when first asked about.
 * The parts live in their own classes: ContainerFactory builds compute systems, ContainerControl drives them and their
 * init process, ContainerTable tracks and adopts them, ContainerStatuses maps HCS state to the SPI's; this class
 * owns the locking that ties them together.
 */
public final class HcsRuntime
        implements RuntimeBackend
{
    public static final String NAME = "hcs";

    private final ImageService images;
    private final LayerManager layers;
    private final HcsConfig config;
    private final ContainerFactory factory;
    private final ExecRunner exec;
    private final ContainerStatuses statuses;
    private final ContainerTable containers;
    private final ContainerControl control;
    private final ContainerRecords records;
    private final WindowsLayerImporter importer;

    @Inject
    public HcsRuntime(HcsClient client, LayerManager layers, ImageService images, HostPlatform host, HcsConfig config)
    {
        this.layers = requireNonNull(layers, "layers is null");
        this.images = requireNonNull(images, "images is null");
        this.config = requireNonNull(config, "config is null");
        ContainerRecords records = new ContainerRecords(Path.of(config.layerRoot(), "records"));
        this.importer = new WindowsLayerImporter(layers);
        this.factory = new ContainerFactory(client, layers, images, importer, host, config);
        this.exec = new ExecRunner(client, config.pollInterval());
        this.statuses = new ContainerStatuses(client, records);
        this.containers = new ContainerTable(client, factory, statuses, records, config.owner());
        this.control = new ContainerControl(client, factory, statuses, records, config.operationTimeout());
        this.records = records;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public Set<OsFamily> servedOs()
    {
        return Set.of(OsFamily.WINDOWS);
    }

    @Override
    public BackendCapabilities capabilities()
    {
        return new BackendCapabilities(true, true, false, false, false, Set.of(), Set.of(Isolation.AUTO, Isolation.PROCESS, Isolation.HYPERV));
    }

    /**
     * Pulls through the node's image service; a non-Windows image is {@link WrongPlatform} before any layer work. Its
     * layers are imported the Windows way ({@link WindowsLayerImporter}), never by the Linux unpacker.
     */
    @Override
    public PulledImage pull(String image, PlatformSpec platform)
    {
        PulledImage pulled = images.pull(image, platform, PullListener.NONE);
        if (!"windows".equalsIgnoreCase(pulled.platform().os())) {
            throw new WrongPlatform(NAME, "windows", pulled.platform().os(), image);
        }
        new BaseLayers(layers, config).prepare(images.layerDirectories(pulled, importer), image);
        return pulled;
    }

    /**
     * Creates the compute system. A create that HCS or vmcompute fails keeps a record (state {@code FAILED}, with the
     * evidence) and its released scratch layer until remove; a refusal before anything is made keeps nothing.
     */
    @Override
    public ContainerStatus create(ContainerRequest request)
    {
        ContainerRecords.checkId(request.id());
        if (containers.contains(request.id())) {
            throw new CreateFailed(request.id(), "a container with this id already exists");
        }
        TrackedContainer container;
        try {
            container = factory.create(request);
        }
        catch (HcsCallFailed e) {
            AgentError failure = HcsErrors.toAgentError(e, HcsErrors.Action.CREATE, request.id(), request.spec().name());
            if (failure instanceof CreateFailed) {
                // a placement signal (RouteToPeer) or a refusal is not this container's failure and leaves nothing behind
                records.save(factory.failedCreate(request, failure.getMessage()));
            }
            throw failure;
        }
        synchronized (container) {
            containers.add(container);
            return statuses.status(container);
        }
    }

    @Override
    public void start(String id)
    {
        TrackedContainer container = containers.tracked(id);
        synchronized (container) {
            control.start(container);
        }
    }

    @Override
    public void stop(String id, Duration grace)
    {
        TrackedContainer container = containers.tracked(id);
        synchronized (container) {
            control.stop(container, grace);
        }
        container.wake();
    }

    @Override
    public void kill(String id, int signal)
    {
        TrackedContainer container = containers.tracked(id);
        synchronized (container) {
            control.kill(container, signal);
        }
        container.wake();
    }

    @Override
    public void remove(String id, boolean force)
    {
        Optional<ContainerRecord> recorded = containers.recordOnly(id);
        if (recorded.isPresent()) {
            // nothing runs: only its scratch layer, utility VM folder and record are left
            factory.discard(recorded.get());
            containers.remove(id);
            return;
        }
        TrackedContainer container = containers.tracked(id);
        synchronized (container) {
            control.remove(container, force);
            containers.remove(id);
        }
    }

    @Override
    public ContainerStatus state(String id)
    {
        return containers.status(id);
    }

    @Override
    public List<ContainerStatus> list()
    {
        return containers.list();
    }

    @Override
    public ExitStatus wait(String id, Duration timeout)
    {
        Optional<ContainerStatus> recorded = containers.recordOnly(id).map(ContainerStatuses::recorded);
        if (recorded.isPresent() && recorded.get().exit().isPresent()) {
            return recorded.get().exit().get();
        }
        TrackedContainer container = containers.tracked(id);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ContainerStatus status;
            synchronized (container) {
                status = statuses.status(container);
            }
            if (status.exit().isPresent()) {
                return status.exit().get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new Timeout(timeout);
            }
            try {
                container.awaitWake(Math.max(1, Math.min(config.pollInterval().toMillis(), left / 1_000_000)));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Timeout(timeout, e);
            }
        }
    }

    /** The init process's output, kept in a file under the layer root; follows until the process's pipes end. */
    @Override
    public LogReader logs(String id, LogOptions options)
    {
        if (containers.recordOnly(id).isPresent()) {
            // what its process printed before its system went away is still kept
            return new HcsLogReader(factory.log(id), options, () -> true, config.pollInterval());
        }
        TrackedContainer container = containers.tracked(id);
        LogPump pump;
        boolean exited;
        synchronized (container) {
            pump = container.pump;
            exited = statuses.status(container).state() == ContainerState.EXITED;
        }
        if (pump != null && exited && !options.follow()) {
            // let the pumps drain what the process wrote before it exited
            pump.join(config.operationTimeout());
        }
        return new HcsLogReader(container.log, options, () -> pump == null || pump.finished(), config.pollInterval());
    }

    @Override
    public ExecResult exec(String id, ExecRequest request)
    {
        TrackedContainer container = containers.tracked(id);
        if (state(id).state() != ContainerState.RUNNING) {
            throw new InvalidSpec("container '" + id + "' is not running; exec needs a running container");
        }
        try {
            return exec.run(container, request);
        }
        catch (HcsCallFailed e) {
            throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, id, container.service);
        }
    }

    /** Closes every HCS handle this instance holds, leaving containers and their records to whoever opens them next. */
    void closeHandles()
    {
        containers.closeAll();
    }

    static PullFailed pullFailed(String image, HcsCallFailed e)
    {
        return new PullFailed(image, HcsErrors.evidence(e), e, e.hresult().win32Error().orElse(null));
    }
}

package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.PullFailed;
import dev.berth.core.error.StartFailed;
import dev.berth.core.error.Timeout;
import dev.berth.core.error.Unsupported;
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
import dev.berth.hcs.binding.ComputeCore;
import dev.berth.hcs.document.ContainerDocuments;
import dev.berth.hcs.document.IsolationMode;
import dev.berth.hcs.document.Properties;
import dev.berth.hcs.document.SignalProcessOptions;
import dev.berth.hcs.document.SystemQuery;
import dev.berth.hcs.error.HResult;
import dev.berth.hcs.error.HcsCallFailed;
import dev.berth.hcs.error.HcsErrors;
import dev.berth.hcs.layer.LayerManager;
import dev.berth.image.ImageService;
import dev.berth.image.PullListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Windows containers through the Host Compute Service. A container is a compute system plus its init process
 * (HcsCreateProcess at start); its state comes from the process's ProcessStatus and the system's Properties; stop is
 * HcsShutDownComputeSystem bounded by the grace period, then HcsTerminateComputeSystem; wait wakes on HCS exit
 * events and otherwise polls. Containers created by an earlier agent run are opened by id when first asked about.
 */
public final class HcsRuntime
        implements RuntimeBackend
{
    public static final String NAME = "hcs";
    private static final Logger log = LogManager.getLogger(HcsRuntime.class);
    private static final Map<Integer, String> CTRL_SIGNALS = Map.of(1, "CtrlClose", 2, "CtrlC", 3, "CtrlBreak", 15, "CtrlShutdown");

    private final HcsClient client;
    private final ImageService images;
    private final LayerManager layers;
    private final HcsConfig config;
    private final ContainerFactory factory;
    private final ExecRunner exec;
    private final ContainerStatuses statuses;
    private final Map<String, TrackedContainer> containers = new ConcurrentHashMap<>();

    @Inject
    public HcsRuntime(HcsClient client, LayerManager layers, ImageService images, HostPlatform host, HcsConfig config)
    {
        this.client = requireNonNull(client, "client is null");
        this.layers = requireNonNull(layers, "layers is null");
        this.images = requireNonNull(images, "images is null");
        this.config = requireNonNull(config, "config is null");
        this.factory = new ContainerFactory(client, layers, images, host, config);
        this.exec = new ExecRunner(client, config.pollInterval());
        this.statuses = new ContainerStatuses(client);
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

    /** Pulls through the node's image service; a non-Windows image is {@link WrongPlatform} before any layer work. */
    @Override
    public PulledImage pull(String image, PlatformSpec platform)
    {
        PulledImage pulled = images.pull(image, platform, PullListener.NONE);
        if (!"windows".equalsIgnoreCase(pulled.platform().os())) {
            throw new WrongPlatform(NAME, "windows", pulled.platform().os(), image);
        }
        new BaseLayers(layers, config).prepare(images.layerDirectories(pulled), image);
        return pulled;
    }

    @Override
    public ContainerStatus create(ContainerRequest request)
    {
        if (containers.containsKey(request.id())) {
            throw new CreateFailed(request.id(), "a container with this id already exists");
        }
        TrackedContainer container;
        try {
            container = factory.create(request);
        }
        catch (HcsCallFailed e) {
            throw HcsErrors.toAgentError(e, HcsErrors.Action.CREATE, request.id(), request.spec().name());
        }
        containers.put(request.id(), container);
        try {
            client.setCallback(container.system, event -> onEvent(container, event));
        }
        catch (HcsCallFailed e) {
            log.warn("no exit events for {}; wait() will poll: {}", request.id(), e.getMessage());
        }
        return statuses.status(container);
    }

    @Override
    public void start(String id)
    {
        TrackedContainer container = tracked(id);
        synchronized (container) {
            if (container.init != null) {
                throw new StartFailed(id, "already started");
            }
            if (container.initParameters.isEmpty()) {
                throw new StartFailed(id, "opened from an earlier agent run, so its command is not known here; remove and recreate it");
            }
            try {
                client.start(container.system);
                container.init = client.createProcess(container.system, container.initParameters);
                container.startedAt = Instant.now();
                container.pump = new LogPump(client, container.init, container.log, id).start();
            }
            catch (HcsCallFailed e) {
                throw HcsErrors.toAgentError(e, HcsErrors.Action.START, id, container.service);
            }
        }
    }

    @Override
    public void stop(String id, Duration grace)
    {
        TrackedContainer container = tracked(id);
        synchronized (container) {
            if (statuses.status(container).state() != ContainerState.RUNNING) {
                return;
            }
            try {
                try {
                    client.shutDown(container.system, grace);
                }
                catch (Timeout | HcsCallFailed e) {
                    log.info("{} did not shut down within {} ({}); terminating", id, grace, e.getMessage());
                    container.signalled = 9;
                    client.terminate(container.system);
                }
                container.systemExited = true;
                statuses.recordExit(container);
            }
            catch (HcsCallFailed e) {
                throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, id, container.service);
            }
        }
        container.wake();
    }

    @Override
    public void kill(String id, int signal)
    {
        TrackedContainer container = tracked(id);
        synchronized (container) {
            if (container.init == null) {
                throw new InvalidSpec("container '" + id + "' has not been started; there is no process to signal");
            }
            try {
                if (signal == 9) {
                    container.signalled = 9;
                    client.terminate(container.init);
                }
                else if (CTRL_SIGNALS.containsKey(signal)) {
                    container.signalled = signal;
                    client.signal(container.init, ContainerDocuments.json(new SignalProcessOptions(CTRL_SIGNALS.get(signal))));
                }
                else {
                    throw new Unsupported("signal " + signal + " has no Windows equivalent (use 1, 2, 3, 9 or 15)");
                }
            }
            catch (HcsCallFailed e) {
                if (!e.hresult().is(HResult.HCS_E_PROCESS_ALREADY_STOPPED)) {
                    throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, id, container.service);
                }
            }
        }
        container.wake();
    }

    @Override
    public void remove(String id, boolean force)
    {
        TrackedContainer container = tracked(id);
        synchronized (container) {
            if (statuses.status(container).state() == ContainerState.RUNNING && !force) {
                throw new InvalidSpec("container '" + id + "' is running; stop it first or remove it with force");
            }
            try {
                if (!container.systemExited) {
                    terminateQuietly(container.system);
                }
                if (container.init != null) {
                    if (container.pump != null && !container.pump.join(config.operationTimeout())) {
                        log.warn("output pipes of {} still open after {}; closing the process handle anyway", id, config.operationTimeout());
                    }
                    client.close(container.init);
                }
                client.close(container.system);
                container.utilityVm.ifPresent(vm -> {
                    terminateQuietly(vm);
                    client.close(vm);
                });
            }
            catch (HcsCallFailed e) {
                throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, id, container.service);
            }
            container.scratchPath.ifPresent(factory::release);
            containers.remove(id);
        }
    }

    @Override
    public ContainerStatus state(String id)
    {
        TrackedContainer container = tracked(id);
        synchronized (container) {
            return statuses.status(container);
        }
    }

    @Override
    public List<ContainerStatus> list()
    {
        Map<String, ContainerStatus> all = new LinkedHashMap<>();
        String listing;
        try {
            listing = client.enumerate(ContainerDocuments.json(new SystemQuery(null, List.of("Container"), null)));
        }
        catch (HcsCallFailed e) {
            throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, "*", "*");
        }
        for (Properties properties : Arrays.asList(ContainerDocuments.parse(listing, Properties[].class))) {
            TrackedContainer container = containers.get(properties.id());
            all.put(properties.id(), container != null ? state(properties.id())
                    : new ContainerStatus(properties.id(), NAME, ContainerStatuses.fromSystemState(properties.state()), OptionalLong.empty(), Optional.empty(),
                            Optional.empty()));
        }
        for (String id : containers.keySet()) {
            all.computeIfAbsent(id, this::state);
        }
        return List.copyOf(all.values());
    }

    @Override
    public ExitStatus wait(String id, Duration timeout)
    {
        TrackedContainer container = tracked(id);
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
        TrackedContainer container = tracked(id);
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
        TrackedContainer container = tracked(id);
        if (state(id).state() != ContainerState.RUNNING) {
            throw new InvalidSpec("container '" + id + "' is not running; exec needs a running container");
        }
        try {
            return exec.run(container.system, request);
        }
        catch (HcsCallFailed e) {
            throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, id, container.service);
        }
    }

    private void onEvent(TrackedContainer container, SystemEvent event)
    {
        if (event.type() == ComputeCore.HcsEventSystemExited) {
            container.systemExited = true;
        }
        container.wake();
    }

    private void terminateQuietly(SystemHandle system)
    {
        try {
            client.terminate(system);
        }
        catch (HcsCallFailed e) {
            if (!e.hresult().is(HResult.HCS_E_SYSTEM_ALREADY_STOPPED) && !e.hresult().is(HResult.HCS_E_INVALID_STATE)) {
                throw e;
            }
        }
    }

    private TrackedContainer tracked(String id)
    {
        TrackedContainer container = containers.get(id);
        if (container != null) {
            return container;
        }
        return adopt(id);
    }

    /** Opens a compute system this agent did not create in this run (recovery); unknown ids are {@link NotFound}. */
    private TrackedContainer adopt(String id)
    {
        SystemHandle system;
        try {
            system = client.openComputeSystem(id);
        }
        catch (HcsCallFailed e) {
            AgentError error = HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, id, id);
            throw error instanceof NotFound ? error : new NotFound(id, HcsErrors.evidence(e), e);
        }
        TrackedContainer adopted = new TrackedContainer(id, id, IsolationMode.PROCESS, system, Optional.empty(),
                Optional.empty(), "", factory.log(id));
        TrackedContainer raced = containers.putIfAbsent(id, adopted);
        if (raced != null) {
            client.close(system);
            return raced;
        }
        return adopted;
    }

    static PullFailed pullFailed(String image, HcsCallFailed e)
    {
        return new PullFailed(image, HcsErrors.evidence(e), e, e.hresult().win32Error().orElse(null));
    }
}

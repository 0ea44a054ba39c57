package dev.berth.core.composite;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.PlacementSignal;
import dev.berth.core.error.PullFailed;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerStats;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.ImageActivity;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.ServiceSpec;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The runtime the agent drives: it picks a backend per workload with {@link BackendSelector}, records which
 * backend owns each container, and routes every later call to that owner. A workload this node cannot host is
 * answered with a {@link PlacementSignal}, thrown as its {@link AgentError} and never wrapped.
 */
public final class CompositeRuntime
        implements AutoCloseable
{
    private static final Logger log = LogManager.getLogger(CompositeRuntime.class);

    private final Map<String, RuntimeBackend> backends;
    private final BackendSelector selector;
    private final OwnershipStore ownership;
    private final ExecutorService pullExecutor;

    /**
     * @param backends the active backends, in preference order
     */
    public CompositeRuntime(Map<String, RuntimeBackend> backends, BackendSelector selector, OwnershipStore ownership)
    {
        this.backends = new LinkedHashMap<>(requireNonNull(backends, "backends is null"));
        this.selector = requireNonNull(selector, "selector is null");
        this.ownership = requireNonNull(ownership, "ownership is null");
        this.pullExecutor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "composite-pull");
            thread.setDaemon(true);
            return thread;
        });
    }

    public Map<String, RuntimeBackend> backends()
    {
        return Map.copyOf(backends);
    }

    public Placement place(ServiceSpec spec, Optional<ImagePlatform> image)
    {
        return selector.select(spec, image);
    }

    /**
     * Pulls the service's image. When the spec decides the OS by itself, only that backend pulls; otherwise every
     * active backend pulls in parallel, and a {@link WrongPlatform} from one is skipped when another took the image.
     *
     * @throws AgentError a placement signal when no backend here can take the image, else the failure
     */
    public PulledImage pull(ServiceSpec spec)
    {
        Placement beforePull = selector.select(spec, Optional.empty());
        boolean decidedBySpec = spec.explicitRuntime().isPresent() || spec.platform().os().isPresent()
                || spec.isolation() != dev.berth.core.spec.Isolation.AUTO;
        if (decidedBySpec || backends.size() == 1) {
            if (beforePull instanceof Placement.Elsewhere elsewhere) {
                throw elsewhere.signal().asError();
            }
            String backend = decidedBySpec ? ((Placement.Here) beforePull).backend() : backends.keySet().iterator().next();
            return backends.get(backend).pull(spec.image(), spec.platform());
        }
        return fanOutPull(spec);
    }

    private PulledImage fanOutPull(ServiceSpec spec)
    {
        Map<String, CompletableFuture<PulledImage>> pulls = new LinkedHashMap<>();
        // the start being timed hears from the image store on the pull threads too
        ImageActivity.Observer observer = ImageActivity.current();
        backends.forEach((name, backend) -> pulls.put(name, CompletableFuture.supplyAsync(() -> {
            try (ImageActivity.Scope ignored = ImageActivity.observe(observer)) {
                return backend.pull(spec.image(), spec.platform());
            }
        }, pullExecutor)));
        Map<String, PulledImage> taken = new LinkedHashMap<>();
        Map<String, AgentError> refused = new LinkedHashMap<>();
        pulls.forEach((name, future) -> {
            try {
                taken.put(name, future.join());
            }
            catch (CompletionException e) {
                refused.put(name, asAgentError(e.getCause()));
            }
        });
        if (!taken.isEmpty()) {
            refused.forEach((name, error) -> log.info("pull of {} skipped by {}: {}", spec.image(), name, error.getMessage()));
            PulledImage any = taken.values().iterator().next();
            Placement placement = selector.select(spec, Optional.of(any.platform()));
            if (placement instanceof Placement.Here here && taken.containsKey(here.backend())) {
                return taken.get(here.backend());
            }
            return any;
        }
        List<String> reasons = new ArrayList<>();
        refused.forEach((name, error) -> reasons.add(name + ": " + error.getMessage()));
        if (refused.values().stream().allMatch(error -> error instanceof WrongPlatform)) {
            List<WrongPlatform> signals = refused.values().stream().map(WrongPlatform.class::cast).toList();
            Optional<WrongPlatform> notTheOs = signals.stream().filter(signal -> !signal.dimension().equals(WrongPlatform.OS)).findFirst();
            if (notTheOs.isPresent()) {
                // the OS fits some backend here, the architecture or build fits none: that one says what is wrong
                throw notTheOs.get();
            }
            throw new WrongPlatform(String.join(",", refused.keySet()),
                    String.join("|", signals.stream().map(WrongPlatform::expected).toList()),
                    signals.get(0).actual(), spec.image());
        }
        throw new PullFailed(spec.image(), "every backend on this node refused it: " + String.join("; ", reasons),
                refused.values().iterator().next());
    }

    /**
     * Creates the container on the backend chosen for it, recording the owner first; a failed create rolls the
     * ownership record back and rethrows the backend's error.
     *
     * @throws AgentError a placement signal when this node cannot host it
     */
    public ContainerStatus create(ContainerRequest request)
    {
        Placement placement = selector.select(request.spec(), Optional.of(request.image().platform()));
        if (placement instanceof Placement.Elsewhere elsewhere) {
            throw elsewhere.signal().asError();
        }
        String backendName = ((Placement.Here) placement).backend();
        Optional<String> existing = ownership.owner(request.id());
        if (existing.isPresent()) {
            if (!staleOwnership(request.id(), existing.get())) {
                throw new CreateFailed(request.id(), "a container with this id already exists on backend " + existing.get());
            }
            ownership.forget(request.id());
        }
        ownership.record(request.id(), backendName);
        try {
            return backends.get(backendName).create(request);
        }
        catch (RuntimeException e) {
            ownership.forget(request.id());
            throw e;
        }
    }

    public void start(String id)
    {
        owner(id).start(id);
    }

    public void stop(String id, Duration grace)
    {
        owner(id).stop(id, grace);
    }

    public void kill(String id, int signal)
    {
        owner(id).kill(id, signal);
    }

    /**
     * Removes the container and then its ownership record. When the backend no longer has the container (a removal
     * cut short by a crash between the two steps), the stale record is forgotten and the NotFound rethrown.
     */
    public void remove(String id, boolean force)
    {
        try {
            owner(id).remove(id, force);
        }
        catch (NotFound e) {
            ownership.forget(id);
            throw e;
        }
        ownership.forget(id);
    }

    public ContainerStatus state(String id)
    {
        return owner(id).state(id);
    }

    public ExitStatus wait(String id, Duration timeout)
    {
        return owner(id).wait(id, timeout);
    }

    public LogReader logs(String id, LogOptions options)
    {
        return owner(id).logs(id, options);
    }

    public ExecResult exec(String id, ExecRequest request)
    {
        return owner(id).exec(id, request);
    }

    public ContainerStats stats(String id)
    {
        return owner(id).stats(id);
    }

    /** The backend that owns {@code id}. @throws NotFound when no backend does */
    public RuntimeBackend owner(String id)
    {
        String name = ownership.owner(id).orElseThrow(() -> new NotFound(id, "no backend on this node owns it"));
        RuntimeBackend backend = backends.get(name);
        if (backend == null) {
            throw new NotFound(id, "its backend '" + name + "' is not active on this node");
        }
        return backend;
    }

    /** Whether the record names a backend that is active here and does not know the container any more. */
    private boolean staleOwnership(String id, String backendName)
    {
        RuntimeBackend backend = backends.get(backendName);
        if (backend == null) {
            return false;
        }
        try {
            backend.state(id);
            return false;
        }
        catch (NotFound e) {
            log.warn("ownership record of {} on {} is stale (the backend does not know it): forgetting it", id, backendName);
            return true;
        }
    }

    public Optional<String> ownerName(String id)
    {
        return ownership.owner(id);
    }

    /** Every container every backend knows. */
    public List<ContainerStatus> list()
    {
        List<ContainerStatus> all = new ArrayList<>();
        backends.values().forEach(backend -> all.addAll(backend.list()));
        return all;
    }

    @Override
    public void close()
    {
        pullExecutor.shutdownNow();
    }

    private static AgentError asAgentError(Throwable throwable)
    {
        if (throwable instanceof AgentError error) {
            return error;
        }
        return new Internal("backend threw " + throwable, throwable);
    }
}

package dev.berth.bridge.testing;

import dev.berth.bridge.Assignment;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.bridge.BackendInfo;
import dev.berth.bridge.Capacity;
import dev.berth.bridge.GpuInventory;
import dev.berth.bridge.HeldImage;
import dev.berth.bridge.NodeState;
import dev.berth.bridge.NodeStatus;
import dev.berth.core.composite.BackendSelector;
import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.composite.InMemoryOwnershipStore;
import dev.berth.core.composite.Placement;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.PullFailed;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.runtime.ImageNames;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.runtime.TestingRuntimeBackend;
import dev.berth.core.spec.ClusterPolicy;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.ServiceSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake agent for bridge tests: a real {@link CompositeRuntime} over {@link TestingRuntimeBackend}s, deciding
 * placement exactly as the agent does (so a Windows node without the WSL2 delegate answers a Linux image with
 * RouteToPeer), running "containers" in memory. Images come from a shared fake registry of image to platform.
 */
public final class TestingAgent
        implements AssignmentHandler
{
    private static final Map<String, Set<OsFamily>> KNOWN = Map.of("youki", Set.of(OsFamily.LINUX), "hcs", Set.of(OsFamily.WINDOWS),
            "wsl2", Set.of(OsFamily.LINUX));

    private final String nodeId;
    private final HostPlatform host;
    private final Map<String, TestingRuntimeBackend> backends = new LinkedHashMap<>();
    private final CompositeRuntime composite;
    private final Map<String, ImagePlatform> registry;
    private final Map<String, List<String>> containers = new ConcurrentHashMap<>();
    /** Containers started on this node directly (berth run), by name: not cluster services, never handed to the bridge. */
    private final Map<String, String> local = new ConcurrentHashMap<>();
    /** Services whose spec says cluster.onDisconnect: keep, as the agent's ledger records them. */
    private final Set<String> keep = ConcurrentHashMap.newKeySet();
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private RuntimeException nextUnassignFailure;
    private final Map<String, RuntimeException> unassignFailures = new LinkedHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    /** Images in this node's store, oldest first, as the agent's image store would list them. */
    private final List<String> pulled = new CopyOnWriteArrayList<>();
    private final Set<String> held = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());

    /** @param backendNames backends active here, e.g. youki; hcs; hcs and wsl2 for a Windows node with the delegate */
    public TestingAgent(String nodeId, HostPlatform host, List<String> backendNames, Map<String, ImagePlatform> registry)
    {
        this.nodeId = nodeId;
        this.host = host;
        this.registry = registry;
        Map<String, Set<OsFamily>> active = new LinkedHashMap<>();
        Map<String, RuntimeBackend> runtimes = new LinkedHashMap<>();
        for (String name : backendNames) {
            TestingRuntimeBackend backend = new TestingRuntimeBackend(name, KNOWN.get(name));
            backends.put(name, backend);
            runtimes.put(name, backend);
            active.put(name, KNOWN.get(name));
        }
        this.composite = new CompositeRuntime(runtimes, new BackendSelector(host, active, KNOWN), new InMemoryOwnershipStore());
    }

    public static TestingAgent linux(String nodeId, Map<String, ImagePlatform> registry)
    {
        return new TestingAgent(nodeId, HostPlatform.linux("amd64"), List.of("youki"), registry);
    }

    public static TestingAgent windows(String nodeId, Map<String, ImagePlatform> registry)
    {
        return new TestingAgent(nodeId, HostPlatform.windows("amd64", "10.0.20348"), List.of("hcs"), registry);
    }

    public NodeState nodeState()
    {
        List<BackendInfo> usable = backends.values().stream().map(backend -> new BackendInfo(backend.name(), backend.servedOs())).toList();
        return new NodeState(nodeId, "127.0.0.1", host.os(), host.arch(), host.windowsBuild().orElse("6.1.0"), usable, GpuInventory.NONE,
                new Capacity(4000, 8L << 30), new Capacity(4000, 8L << 30), Map.of(), NodeStatus.READY,
                heldImages());
    }

    @Override
    public synchronized AssignmentOutcome assigned(Assignment assignment)
    {
        ServiceSpec spec = assignment.service().spec();
        journal.add("assigned " + spec.name() + " x" + assignment.replicas() + " epoch " + assignment.epoch());
        if (spec.cluster().onDisconnect() == ClusterPolicy.OnDisconnect.KEEP) {
            keep.add(spec.name());
        }
        else {
            keep.remove(spec.name());
        }
        ImagePlatform platform = registry.get(spec.image());
        if (platform == null) {
            return AssignmentOutcome.of(new PullFailed(spec.image(), "not in the test registry"));
        }
        Placement placement = composite.place(spec, Optional.of(platform));
        if (placement instanceof Placement.Elsewhere elsewhere) {
            return AssignmentOutcome.of(elsewhere.signal().asError());
        }
        PulledImage image = new PulledImage(spec.image(), digest(spec.image()), platform, ImageConfig.EMPTY);
        if (!held.contains(spec.image())) {
            pulled.add(spec.image());
        }
        hold(spec.image());
        List<String> ids = containers.computeIfAbsent(spec.name(), ignored -> new CopyOnWriteArrayList<>());
        while (ids.size() < assignment.replicas()) {
            String id = spec.name() + "-" + nodeId + "-" + sequence.incrementAndGet();
            composite.create(new ContainerRequest(id, spec, image, Map.of()));
            composite.start(id);
            ids.add(id);
        }
        while (ids.size() > assignment.replicas()) {
            remove(ids.remove(ids.size() - 1));
        }
        return AssignmentOutcome.running(ids.size());
    }

    /** Puts {@code image} in this node's store, as a pull or a load would: it is then published with the node's state. */
    public void hold(String image)
    {
        synchronized (held) {
            held.remove(image);
            held.add(image);
        }
    }

    /** Images this node pulled for an assignment, in order (an image it already held is not pulled again). */
    public List<String> pulled()
    {
        return List.copyOf(pulled);
    }

    private List<HeldImage> heldImages()
    {
        List<HeldImage> images = new ArrayList<>();
        synchronized (held) {
            held.forEach(image -> images.add(0, new HeldImage(ImageNames.canonical(image), digest(image))));
        }
        return images;
    }

    private static String digest(String image)
    {
        return "sha256:" + Integer.toHexString(image.hashCode());
    }

    @Override
    public synchronized void unassigned(String service)
    {
        journal.add("unassigned " + service);
        RuntimeException failure = nextUnassignFailure;
        if (failure != null) {
            nextUnassignFailure = null;
            throw failure;
        }
        if (unassignFailures.containsKey(service)) {
            throw unassignFailures.get(service);
        }
        List<String> ids = containers.remove(service);
        if (ids != null) {
            ids.forEach(this::remove);
        }
    }

    @Override
    public Set<String> hosted()
    {
        return Set.copyOf(containers.keySet());
    }

    @Override
    public boolean keepOnDisconnect(String service)
    {
        return keep.contains(service);
    }

    /** Containers of {@code service} running here, as the backends report them. */
    public int running(String service)
    {
        List<String> ids = containers.getOrDefault(service, List.of());
        return (int) ids.stream().filter(this::isRunning).count();
    }

    /** A container removed between the listing and its state (a fence stopping it, say) is not running. */
    private boolean isRunning(String id)
    {
        try {
            return composite.state(id).state() == ContainerState.RUNNING;
        }
        catch (NotFound e) {
            return false;
        }
    }

    /** Runs a container here outside the cluster, as {@code berth run} does. */
    public synchronized void runLocal(String name, String image)
    {
        ServiceSpec spec = ServiceSpec.of(name, image, List.of());
        ImagePlatform platform = registry.get(image);
        String id = "local-" + name + "-" + nodeId;
        composite.create(new ContainerRequest(id, spec, new PulledImage(image, "sha256:" + Integer.toHexString(image.hashCode()), platform,
                ImageConfig.EMPTY), Map.of()));
        composite.start(id);
        local.put(name, id);
    }

    /** Whether the local container {@code name} is running. */
    public boolean runningLocal(String name)
    {
        String id = local.get(name);
        return id != null && composite.state(id).state() == ContainerState.RUNNING;
    }

    /** The next {@link #unassigned} throws this, stopping nothing, as a stop that times out would. */
    public synchronized void failNextUnassign(RuntimeException failure)
    {
        nextUnassignFailure = failure;
    }

    /** Every {@link #unassigned} of {@code service} throws this, as a stop that hangs each time would. */
    public synchronized void failUnassignOf(String service, RuntimeException failure)
    {
        unassignFailures.put(service, failure);
    }

    public List<String> journal()
    {
        return new ArrayList<>(journal);
    }

    public String nodeId()
    {
        return nodeId;
    }

    private void remove(String id)
    {
        composite.stop(id, Duration.ofSeconds(1));
        composite.remove(id, true);
    }
}

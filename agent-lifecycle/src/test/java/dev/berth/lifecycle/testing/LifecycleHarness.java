package dev.berth.lifecycle.testing;

import dev.berth.core.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.composite.BackendSelector;
import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.event.AgentEvent;
import dev.berth.core.event.EventSink;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.SpecParser;
import dev.berth.gpu.assign.GpuAssigner;
import dev.berth.lifecycle.DefaultServiceManager;
import dev.berth.lifecycle.ServiceDocument;
import dev.berth.lifecycle.config.LifecycleConfig;
import dev.berth.state.StateStore;
import dev.berth.state.ownership.StoredOwnershipStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A lifecycle over a backend and a real store in a temp dir, with short intervals. {@link #restartAgent()}
 * simulates a new agent process: the manager and store are closed and reopened, the backend's containers stay.
 */
public final class LifecycleHarness
        implements AutoCloseable
{
    public static final ConfigMap FAST = ConfigMap.empty()
            .with("lifecycle.monitor-interval", "50ms")
            .with("lifecycle.condition-poll-interval", "20ms")
            .with("lifecycle.shutdown-grace", "2s");

    private final Path dataDir;
    private RuntimeBackend backend;
    private final ConfigMap config;
    private final Optional<GpuAssigner> gpus;
    private final List<AgentEvent> events = Collections.synchronizedList(new ArrayList<>());
    private volatile java.util.function.Consumer<AgentEvent> listener = event -> {};
    private StateStore store;
    private CompositeRuntime runtime;
    private DefaultServiceManager manager;

    public LifecycleHarness(Path dataDir, RuntimeBackend backend, ConfigMap config)
    {
        this(dataDir, backend, config, Optional.empty());
    }

    /** With GPUs as {@code gpus} sees them (a fake host tree), for every agent this harness starts. */
    public LifecycleHarness(Path dataDir, RuntimeBackend backend, ConfigMap config, Optional<GpuAssigner> gpus)
    {
        this.gpus = gpus;
        this.dataDir = dataDir;
        this.backend = backend;
        this.config = config;
        open();
    }

    private void open()
    {
        store = StateStore.open(StateStore.fileIn(dataDir));
        BackendSelector selector = new BackendSelector(HostPlatform.linux("amd64"), Map.of(backend.name(), Set.of(OsFamily.LINUX)), Map.of());
        runtime = new CompositeRuntime(Map.of(backend.name(), backend), selector, new StoredOwnershipStore(store));
        EventSink sink = event -> {
            events.add(event);
            listener.accept(event);
        };
        manager = gpus.isPresent()
                ? new DefaultServiceManager(runtime, store, sink, LifecycleConfig.from(config), dataDir, gpus.get())
                : new DefaultServiceManager(runtime, store, sink, LifecycleConfig.from(config), dataDir);
        manager.start();
    }

    /** Called with each event as the lifecycle publishes it (on the publishing thread). */
    public void onEvent(java.util.function.Consumer<AgentEvent> listener)
    {
        this.listener = listener;
    }

    public DefaultServiceManager manager()
    {
        return manager;
    }

    public StateStore store()
    {
        return store;
    }

    public Path dataDir()
    {
        return dataDir;
    }

    public List<AgentEvent> events()
    {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public List<String> eventTypes(String subject)
    {
        return events().stream().filter(event -> event.subject().equals(subject)).map(AgentEvent::type).toList();
    }

    public void restartAgent()
    {
        closeQuietly();
        open();
    }

    /** Closes the manager and store as a crash would leave them: no stop of containers. */
    public void stopAgent()
    {
        closeQuietly();
    }

    public void startAgent()
    {
        open();
    }

    /** A new agent with a new backend instance over the same runtime state (the next agent JVM). */
    public void startAgent(RuntimeBackend next)
    {
        backend = next;
        open();
    }

    @Override
    public void close()
    {
        closeQuietly();
    }

    private void closeQuietly()
    {
        manager.close();
        runtime.close();
        store.close();
    }

    /** One document per service in a YAML list. */
    public static List<ServiceDocument> documents(String yaml)
    {
        JsonNode root = SpecParser.tree(yaml);
        List<ServiceDocument> documents = new ArrayList<>();
        SpecParser.readDeployment(root);
        if (root.isObject()) {
            return List.of(new ServiceDocument(SpecParser.readDeployment(root).get(0), root));
        }
        for (JsonNode node : root) {
            documents.add(new ServiceDocument(SpecParser.readDeployment(node).get(0), node));
        }
        return documents;
    }

    /** One document per service, each parsed alone: the deployment as a whole is not validated (cycles pass). */
    public static List<ServiceDocument> documentsUnchecked(String yaml)
    {
        List<ServiceDocument> documents = new ArrayList<>();
        for (JsonNode node : SpecParser.tree(yaml)) {
            documents.add(new ServiceDocument(SpecParser.readDeployment(node).get(0), node));
        }
        return documents;
    }

    public static ServiceDocument document(String yaml)
    {
        return documents(yaml).get(0);
    }

    /** agent-core's {@link Eventually#eventually}, where lifecycle tests have always found it. */
    public static void eventually(Duration timeout, BooleanSupplier condition, String what)
    {
        Eventually.eventually(timeout, condition, what);
    }
}

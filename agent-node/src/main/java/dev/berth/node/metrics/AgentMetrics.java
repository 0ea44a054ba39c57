package dev.berth.node.metrics;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.ErrorCode;
import dev.berth.core.runtime.ContainerState;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.RecoveryReport;
import dev.berth.node.pressure.NodeConditions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The agent's Prometheus metrics: operations by backend, operation and outcome (the error code, or {@code ok}),
 * latency timers for pull/create/start/stop, histograms of container start phases, containers by state, placement-signal counts, recovery counters and
 * the JVM's own metrics (bound on the first scrape).
 */
public final class AgentMetrics
{
    /** Operations whose latency is a timer; their names match the API's operations. */
    static final Set<String> TIMED = Set.of("pull", "create", "start", "stop", "run", "remove", "load");
    /** The start phase histogram's buckets: from a cached lookup to a slow pull. */
    private static final Duration[] START_PHASE_BUCKETS = Stream.of(1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 300_000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<Map<ContainerState, Long>> byState = new AtomicReference<>(Map.of());
    private final ConditionMetrics conditions = new ConditionMetrics(registry);
    private JvmGcMetrics gcMetrics;

    public AgentMetrics()
    {
        for (ContainerState state : ContainerState.values()) {
            Gauge.builder("berth_containers", () -> byState.get().getOrDefault(state, 0L))
                    .description("Containers by state")
                    .tag("state", state.name().toLowerCase())
                    .register(registry);
        }
        placementSignals("route_to_peer");
        placementSignals("wrong_platform");
    }

    private Counter placementSignals(String signal)
    {
        return Counter.builder("berth_placement_signals_total")
                .description("Workloads this node handed back to the scheduler: route_to_peer (another OS), wrong_platform (an image for another OS)")
                .tag("signal", signal)
                .register(registry);
    }

    /**
     * Binds the JVM's own metrics (memory, threads, classes, processor, uptime, GC). The scrape does it the first
     * time {@code /metrics} is asked for, so an agent nobody scrapes never loads JMX and its MXBeans (about 100
     * classes and their memory); GC pauses are counted from then on.
     */
    private synchronized void bindJvmMetrics()
    {
        if (gcMetrics != null) {
            return;
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
    }

    /** Whether the JVM metrics are bound yet. */
    public synchronized boolean jvmMetricsBound()
    {
        return gcMetrics != null;
    }

    public void recordRecovery(RecoveryReport report)
    {
        requireNonNull(report, "report is null");
        count("adopted", report.adopted().size());
        count("restarted", report.restarted().size());
        count("exited", report.exited().size());
        count("failed", report.failed().size());
        count("orphans", report.orphans().size());
        Timer.builder("berth_recovery_duration")
                .description("How long the agent's recovery at start took (adopting, restarting or failing what an earlier agent ran)")
                .register(registry)
                .record(report.duration());
    }

    private void count(String outcome, int amount)
    {
        Counter.builder("berth_recovery_containers_total")
                .description("Containers found at start by what recovery did with them: adopted, restarted, exited, failed, orphans")
                .tag("outcome", outcome)
                .register(registry)
                .increment(amount);
    }

    /** One API operation's outcome: {@code error} empty for success. */
    public void recordOperation(String operation, String backend, Duration took, AgentError error)
    {
        String outcome = error == null ? "ok" : error.code().name().toLowerCase();
        Counter.builder("berth_operations_total")
                .description("Operations by backend, operation and outcome (the error code, or ok)")
                .tag("backend", backend)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        if (TIMED.contains(operation)) {
            Timer.builder("berth_operation_duration")
                    .description("Latency of pull, create, start, stop and the operations built on them")
                    .tag("operation", operation)
                    .publishPercentiles(0.5, 0.9, 0.99)
                    .register(registry)
                    .record(took);
        }
        if (error != null && error.code() == ErrorCode.ROUTE_TO_PEER) {
            placementSignals("route_to_peer").increment();
        }
        if (error != null && error.code() == ErrorCode.WRONG_PLATFORM) {
            placementSignals("wrong_platform").increment();
        }
    }

    /** One phase of a container start ({@code queue}, {@code pull}, ... {@code firstHealth}), into its histogram. */
    public void recordStartPhase(String backend, String phase, Duration took)
    {
        Timer.builder("berth_container_start_phase")
                .description("How long each phase of a container start took, by backend and phase: queue, pull, unpack, create, start, firstHealth")
                .tag("backend", backend)
                .tag("phase", phase)
                .serviceLevelObjectives(START_PHASE_BUCKETS)
                .register(registry)
                .record(took);
    }

    /** The bytes a container start downloaded from the registry (0 when its image was cached), by backend. */
    public void recordStartPull(String backend, long bytes)
    {
        DistributionSummary.builder("berth_container_start_pull_bytes")
                .description("Bytes a container start downloaded from the registry, by backend; 0 when the image was already on the node")
                .baseUnit("bytes")
                .tag("backend", backend)
                .register(registry)
                .record(bytes);
    }

    /** How many operations succeeded since the agent started. */
    public long succeededOperations()
    {
        return (long) registry.find("berth_operations_total").tag("outcome", "ok").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** As {@link #scrape(Supplier)}, with the node's conditions (disk usage, image collection) refreshed too. */
    public String scrape(Supplier<List<ContainerView>> containers, NodeConditions nodeConditions)
    {
        conditions.refresh(requireNonNull(nodeConditions, "nodeConditions is null"));
        return scrape(containers);
    }

    /** The Prometheus text exposition, after refreshing the containers-by-state gauge from {@code containers}. */
    public String scrape(Supplier<List<ContainerView>> containers)
    {
        bindJvmMetrics();
        Map<ContainerState, Long> counts = new EnumMap<>(ContainerState.class);
        for (ContainerView view : containers.get()) {
            counts.merge(view.state(), 1L, Long::sum);
        }
        byState.set(counts);
        return registry.scrape();
    }
}

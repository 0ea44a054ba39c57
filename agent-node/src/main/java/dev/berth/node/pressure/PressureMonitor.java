package dev.berth.node.pressure;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.event.AgentEvent;
import dev.berth.core.event.EventSink;
import dev.berth.core.pressure.Pressure;
import dev.berth.core.pressure.PressureCondition;
import dev.berth.core.unit.ByteSize;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node's memory and pid pressure, as the kubelet's eviction manager keeps it: read from the host's files on every
 * check; under either pressure the node admits no new work ({@link #admit} answers {@link RouteToPeer}, which the
 * scheduler re-places) and, every {@code node.pressure.interval}, stops one container in {@link EvictionOrder}'s order.
 * Each eviction and each pressure beginning or ending is an event naming the pressure and its figure.
 */
public final class PressureMonitor
        implements AutoCloseable
{
    private static final Logger log = LogManager.getLogger(PressureMonitor.class);
    static final int RECENT_EVICTIONS = 16;

    private final PressureConfig config;
    private final HostPressureReader reader;
    private final Supplier<List<EvictionCandidate>> running;
    private final Consumer<String> stop;
    private final EventSink events;
    private final Clock clock;
    private final Map<Pressure, Boolean> under = new EnumMap<>(Pressure.class);
    private final ArrayDeque<Eviction> recent = new ArrayDeque<>();
    private ScheduledExecutorService timer;

    /**
     * @param running the running containers with their memory and processes
     * @param stop stops a container by id
     */
    public PressureMonitor(PressureConfig config, HostPressureReader reader, Supplier<List<EvictionCandidate>> running, Consumer<String> stop,
            EventSink events, Clock clock)
    {
        this.config = requireNonNull(config, "config is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.running = requireNonNull(running, "running is null");
        this.stop = requireNonNull(stop, "stop is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public PressureConfig config()
    {
        return config;
    }

    /** Memory and pid conditions read now. */
    public List<PressureCondition> conditions()
    {
        HostReading reading = reader.read();
        long memoryThreshold = config.memoryAvailable();
        long pidsThreshold = config.pidsFree();
        return List.of(
                new PressureCondition(Pressure.MEMORY, memoryThreshold > 0 && reading.memoryAvailableBytes() < memoryThreshold,
                        reading.memoryAvailableBytes(), memoryThreshold, reading.memorySource()),
                new PressureCondition(Pressure.PIDS, pidsThreshold > 0 && reading.pidsFree() < pidsThreshold,
                        reading.pidsFree(), pidsThreshold, reading.pidsSource()));
    }

    /** @throws RouteToPeer when the node is under memory or pid pressure: the scheduler places the service on a peer */
    public void admit(String service)
    {
        for (PressureCondition condition : conditions()) {
            if (condition.underPressure()) {
                throw new RouteToPeer(service, "any", "this node is under " + describe(condition)
                        + ", and takes no new work until it is not; place the service on a peer");
            }
        }
    }

    /** Reads the conditions, reports those that began or ended, and under pressure stops one container. */
    public synchronized Optional<Eviction> check()
    {
        List<PressureCondition> conditions = conditions();
        for (PressureCondition condition : conditions) {
            boolean before = under.getOrDefault(condition.pressure(), false);
            if (before != condition.underPressure()) {
                under.put(condition.pressure(), condition.underPressure());
                log.warn("node {} {}", condition.underPressure() ? "is under" : "is no longer under", describe(condition));
                events.publish(new AgentEvent(clock.instant(), condition.underPressure() ? "node.pressure" : "node.pressure.end", "node",
                        figures(condition)));
            }
        }
        if (!config.evict()) {
            return Optional.empty();
        }
        for (PressureCondition condition : conditions) {
            if (condition.underPressure()) {
                return evictOne(condition);
            }
        }
        return Optional.empty();
    }

    private Optional<Eviction> evictOne(PressureCondition condition)
    {
        for (EvictionCandidate candidate : EvictionOrder.rank(condition.pressure(), running.get())) {
            try {
                stop.accept(candidate.id());
            }
            catch (AgentError e) {
                log.warn("evicting {} under {} failed: {}; trying the next", candidate.id(), describe(condition), e.getMessage());
                continue;
            }
            Eviction eviction = new Eviction(clock.instant(), candidate, condition);
            synchronized (recent) {
                if (recent.size() == RECENT_EVICTIONS) {
                    recent.removeFirst();
                }
                recent.addLast(eviction);
            }
            Map<String, String> attributes = new LinkedHashMap<>(figures(condition));
            attributes.put("service", candidate.service());
            attributes.put("memoryBytes", String.valueOf(candidate.memoryBytes()));
            attributes.put("memoryLimitBytes", candidate.memoryLimited() ? String.valueOf(candidate.memoryLimitBytes()) : "none");
            attributes.put("pids", String.valueOf(candidate.pids()));
            log.warn("evicted {} under {} (memory {}, limit {}, {} processes)", candidate.id(), describe(condition),
                    ByteSize.format(candidate.memoryBytes()), candidate.memoryLimited() ? ByteSize.format(candidate.memoryLimitBytes()) : "none",
                    candidate.pids());
            events.publish(new AgentEvent(eviction.time(), "container.evict", candidate.id(), attributes));
            return Optional.of(eviction);
        }
        log.warn("node is under {} and has no running container left to evict", describe(condition));
        return Optional.empty();
    }

    /** The evictions since the agent started, the last {@value #RECENT_EVICTIONS}, oldest first. */
    public List<Eviction> recentEvictions()
    {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    private static Map<String, String> figures(PressureCondition condition)
    {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("pressure", condition.pressure().label());
        figures.put("observed", String.valueOf(condition.observed()));
        figures.put("threshold", String.valueOf(condition.threshold()));
        figures.put("source", condition.source());
        figures.put("reason", describe(condition));
        return figures;
    }

    /** "memory pressure: 80Mi available (/proc/meminfo), below node.pressure.memory-available=100Mi" and the like. */
    public static String describe(PressureCondition condition)
    {
        String name = switch (condition.pressure()) {
            case MEMORY -> "memory pressure";
            case PIDS -> "PID pressure";
            case DISK -> "disk pressure";
        };
        return name + ": " + figure(condition);
    }

    /** The figure and its threshold: "80Mi available (/proc/meminfo), below node.pressure.memory-available=100Mi". */
    public static String figure(PressureCondition condition)
    {
        return switch (condition.pressure()) {
            case MEMORY -> size(condition.observed()) + " available (" + condition.source() + "), "
                    + (condition.underPressure() ? "below " : "threshold ") + PressureConfig.MEMORY_AVAILABLE.name() + "=" + size(condition.threshold());
            case PIDS -> condition.observed() + " process ids free (" + condition.source() + "), "
                    + (condition.underPressure() ? "below " : "threshold ") + PressureConfig.PIDS_FREE.name() + "=" + condition.threshold();
            case DISK -> condition.observed() + "% used (" + condition.source() + "), "
                    + (condition.underPressure() ? "above " : "threshold ") + "image.gc.high=" + condition.threshold() + "%";
        };
    }

    /** Whole MiB as ByteSize writes them ("100Mi"), anything else to a tenth of its largest unit ("20.3Gi"). */
    private static String size(long bytes)
    {
        String exact = ByteSize.format(bytes);
        if (bytes < (1 << 20) || bytes % (1 << 20) == 0) {
            return exact.endsWith("i") ? exact : exact + " bytes";
        }
        String[] units = {"Mi", "Gi", "Ti", "Pi"};
        double value = bytes / (double) (1 << 20);
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f%s", value, units[unit]);
    }

    /** Checks every {@code node.pressure.interval} on a thread of its own, until {@link #close}. */
    public synchronized void start()
    {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "node-pressure");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.interval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                check();
            }
            catch (RuntimeException e) {
                log.warn("reading node pressure failed: {}", e.getMessage(), e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close()
    {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}

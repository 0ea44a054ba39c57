package dev.berth.lifecycle.event;

import static java.util.Objects.requireNonNull;

import dev.berth.core.event.AgentEvent;
import dev.berth.core.event.EventSink;
import dev.berth.state.StateStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the lifecycle's events to the agent's sink at once, and keeps them in the store's recent history in
 * batches written by one background thread: the history is not state, so it costs no fsync on the path of an
 * operation (a crash may lose the last few history entries, never a container record).
 */
public final class LifecycleEvents
        implements AutoCloseable
{
    private static final Logger log = LogManager.getLogger(LifecycleEvents.class);
    private static final AgentEvent STOP = AgentEvent.of("stop", "", Map.of());

    private final EventSink sink;
    private final StateStore store;
    private final BlockingQueue<AgentEvent> pending = new LinkedBlockingQueue<>(100_000);
    private final Thread writer;

    public LifecycleEvents(EventSink sink, StateStore store)
    {
        this.sink = requireNonNull(sink, "sink is null");
        this.store = requireNonNull(store, "store is null");
        this.writer = new Thread(this::writeLoop, "lifecycle-event-history");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** @param attributes alternating names and values; never secrets */
    public void publish(String type, String subject, String... attributes)
    {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            map.put(attributes[i], attributes[i + 1]);
        }
        AgentEvent event = AgentEvent.of(type, subject, map);
        log.debug("event {} {} {}", type, subject, map);
        if (!pending.offer(event)) {
            log.warn("event history is behind; {} for {} not kept in the store", type, subject);
        }
        try {
            sink.publish(event);
        }
        catch (RuntimeException e) {
            log.warn("event sink refused {} for {}: {}", type, subject, e.getMessage());
        }
    }

    /** Writes what is queued and stops the writer. */
    @Override
    public void close()
    {
        if (!writer.isAlive()) {
            return;
        }
        try {
            pending.put(STOP);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop()
    {
        List<AgentEvent> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(pending.take());
            }
            catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch, 999);
            boolean stop = batch.remove(STOP);
            write(batch);
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    private void write(List<AgentEvent> batch)
    {
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.inTransaction(() -> batch.forEach(store::appendEvent));
        }
        catch (RuntimeException e) {
            log.warn("{} events not kept in the store: {}", batch.size(), e.getMessage());
        }
    }
}

package dev.berth.lifecycle.event;

import static java.util.Objects.requireNonNull;

import dev.berth.core.event.AgentEvent;
import dev.berth.core.event.EventSink;
import dev.berth.state.StateStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Publishes the lifecycle's events to the agent's sink and keeps them in the store's recent history, without a WAL
 * fsync of their own: a lifecycle step {@link #commit commits} its records and its events in one transaction, and an
 * event {@link #publish published} on its own rides on the store's next commit. The history is not state, so a
 * crash may lose its last few entries, never a container record. One background thread commits what still waits
 * {@link #LINGER} after a write was deferred (a published event, or an owner the composite forgot), when no step has
 * committed meanwhile.
 */
public final class LifecycleEvents
        implements AutoCloseable
{
    private static final Logger log = LogManager.getLogger(LifecycleEvents.class);
    /** How long a deferred write (history, a forgotten owner) may wait for a step's commit before it commits on its own. */
    static final Duration LINGER = Duration.ofSeconds(1);

    private final EventSink sink;
    private final StateStore store;
    /** A permit per write deferred to the store's next commit; see {@link StateStore#addDeferredListener}. */
    private final Semaphore deferred = new Semaphore(0);
    private final Runnable deferredListener = deferred::release;
    private final Thread writer;
    private volatile boolean closed;

    public LifecycleEvents(EventSink sink, StateStore store)
    {
        this.sink = requireNonNull(sink, "sink is null");
        this.store = requireNonNull(store, "store is null");
        this.writer = new Thread(this::writeLoop, "lifecycle-event-history");
        this.writer.setDaemon(true);
        this.writer.start();
        store.addDeferredListener(deferredListener);
    }

    /** An event for {@link #commit}. @param attributes alternating names and values; never secrets */
    public static AgentEvent event(String type, String subject, String... attributes)
    {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            map.put(attributes[i], attributes[i + 1]);
        }
        return AgentEvent.of(type, subject, map);
    }

    /** Publishes an event now; its history entry rides on the store's next commit. @param attributes as {@link #event} */
    public void publish(String type, String subject, String... attributes)
    {
        publish(event(type, subject, attributes));
    }

    /** Publishes {@code event} now; its history entry rides on the store's next commit. */
    public void publish(AgentEvent event)
    {
        try {
            store.deferEvent(event);
        }
        catch (RuntimeException e) {
            log.warn("event {} for {} not kept in the store: {}", event.type(), event.subject(), e.getMessage());
        }
        announce(event);
    }

    /**
     * One lifecycle step: runs {@code writes} and keeps {@code events} in the history as one store transaction (one
     * commit: all of it or none), then publishes the events, so a subscriber reading the store finds what they say.
     *
     * @throws RuntimeException what the writes or the commit threw; then no event is published
     */
    public void commit(Runnable writes, AgentEvent... events)
    {
        requireNonNull(writes, "writes is null");
        List<AgentEvent> list = List.of(events);
        commit(() -> {
            writes.run();
            return list;
        });
    }

    /** As {@link #commit(Runnable, AgentEvent...)}, for a step whose events depend on what it found in the store. */
    public void commit(Supplier<List<AgentEvent>> step)
    {
        requireNonNull(step, "step is null");
        List<List<AgentEvent>> written = new ArrayList<>(1);
        store.inTransaction(() -> {
            List<AgentEvent> events = List.copyOf(step.get());
            events.forEach(store::deferEvent);
            written.add(events);
        });
        written.get(0).forEach(this::announce);
    }

    /** Commits the history that still waits and stops the writer. */
    @Override
    public void close()
    {
        store.removeDeferredListener(deferredListener);
        closed = true;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    private void announce(AgentEvent event)
    {
        log.debug("event {} {} {}", event.type(), event.subject(), event.attributes());
        try {
            sink.publish(event);
        }
        catch (RuntimeException e) {
            log.warn("event sink refused {} for {}: {}", event.type(), event.subject(), e.getMessage());
        }
    }

    private void writeLoop()
    {
        while (!closed) {
            try {
                deferred.acquire();
                // a step committing meanwhile takes the events with it; then there is nothing left to commit
                Thread.sleep(LINGER.toMillis());
            }
            catch (InterruptedException e) {
                return;
            }
            deferred.drainPermits();
            flush();
        }
    }

    private void flush()
    {
        try {
            store.flush();
        }
        catch (RuntimeException e) {
            log.warn("event history not written to the store: {}", e.getMessage());
        }
    }
}

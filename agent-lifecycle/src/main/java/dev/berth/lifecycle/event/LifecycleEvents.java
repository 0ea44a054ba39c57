package dev.berth.lifecycle.event;

import static java.util.Objects.requireNonNull;

import dev.berth.core.event.AgentEvent;
import dev.berth.core.event.EventSink;
import dev.berth.state.StateStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/** Publishes the lifecycle's events to the agent's sink and keeps them in the store's recent history. */
public final class LifecycleEvents
{
    private static final Logger log = LogManager.getLogger(LifecycleEvents.class);

    private final EventSink sink;
    private final StateStore store;

    public LifecycleEvents(EventSink sink, StateStore store)
    {
        this.sink = requireNonNull(sink, "sink is null");
        this.store = requireNonNull(store, "store is null");
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
        try {
            store.appendEvent(event);
        }
        catch (RuntimeException e) {
            log.warn("event {} for {} not kept in the store: {}", type, subject, e.getMessage());
        }
        try {
            sink.publish(event);
        }
        catch (RuntimeException e) {
            log.warn("event sink refused {} for {}: {}", type, subject, e.getMessage());
        }
    }
}

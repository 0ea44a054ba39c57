package dev.berth.node.metrics;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import dev.berth.core.event.AgentEvent;
import dev.berth.core.event.EventSink;
import dev.berth.lifecycle.replica.StartEvents;
import dev.berth.node.event.EventHub;
import dev.berth.state.StartPhase;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * The events' way to {@link EventHub}, feeding the start phase histograms on the way: a {@code container.start}
 * carries the start's phases, a {@code container.health} its first pass.
 */
public final class MeteredEventSink
        implements EventSink
{
    private static final Logger log = LogManager.getLogger(MeteredEventSink.class);

    private final EventHub hub;
    private final AgentMetrics metrics;

    @Inject
    public MeteredEventSink(EventHub hub, AgentMetrics metrics)
    {
        this.hub = requireNonNull(hub, "hub is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public void publish(AgentEvent event)
    {
        hub.publish(event);
        if (event.type().equals(StartEvents.START) || event.type().equals("container.health")) {
            record(event.attributes());
        }
    }

    private void record(Map<String, String> attributes)
    {
        String backend = attributes.getOrDefault(StartEvents.BACKEND, "");
        for (StartPhase phase : StartPhase.values()) {
            String value = attributes.get(phase.wireName() + StartEvents.SUFFIX);
            if (value == null) {
                continue;
            }
            try {
                metrics.recordStartPhase(backend, phase.wireName(), Duration.ofNanos(Math.round(Double.parseDouble(value) * 1_000_000)));
            }
            catch (NumberFormatException e) {
                log.warn("start phase {} of '{}' is not a number; not in the metrics", phase.wireName(), value);
            }
        }
        String bytes = attributes.get("pullBytes");
        if (bytes != null) {
            try {
                metrics.recordStartPull(backend, Long.parseLong(bytes));
            }
            catch (NumberFormatException e) {
                log.warn("pullBytes '{}' is not a number; not in the metrics", bytes);
            }
        }
    }
}

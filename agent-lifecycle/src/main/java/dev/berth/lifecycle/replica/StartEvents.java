package dev.berth.lifecycle.replica;

import dev.berth.core.event.AgentEvent;
import dev.berth.lifecycle.event.LifecycleEvents;
import dev.berth.state.StartPhase;
import dev.berth.state.StartPhases;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The {@code container.start} event, with the start's phases as attributes ({@code <phase>Ms}, milliseconds to the
 * microsecond; {@code pullBytes}, {@code pullCached}), which the agent's metrics read back into their histograms.
 */
public final class StartEvents
{
    public static final String START = "container.start";
    public static final String BACKEND = "backend";
    public static final String SUFFIX = "Ms";

    private StartEvents() {}

    public static AgentEvent start(String id, String backend, OptionalLong pid, StartPhases phases)
    {
        List<String> attributes = new ArrayList<>(List.of("pid", pid.isPresent() ? String.valueOf(pid.getAsLong()) : "", BACKEND, backend));
        phases.durations().forEach((phase, took) -> {
            attributes.add(phase.wireName() + SUFFIX);
            attributes.add(millis(took));
        });
        if (phases.of(StartPhase.PULL).isPresent()) {
            attributes.addAll(List.of("pullBytes", String.valueOf(phases.pullBytes()), "pullCached", String.valueOf(phases.pullCached())));
        }
        return LifecycleEvents.event(START, id, attributes.toArray(String[]::new));
    }

    /** Milliseconds to the microsecond, as the API and the events show a phase. */
    public static String millis(Duration took)
    {
        return String.valueOf(took.toNanos() / 1000 / 1000.0);
    }
}

package dev.berth.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.lifecycle.replica.StartEvents;
import dev.berth.node.event.EventHub;
import dev.berth.state.StartPhase;
import dev.berth.state.StartPhases;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

class MeteredEventSinkTest
{
    @Test
    void aStartEventFillsThePhaseHistogramsPerBackendAndReachesTheHub()
    {
        EventHub hub = new EventHub();
        AgentMetrics metrics = new AgentMetrics();
        MeteredEventSink sink = new MeteredEventSink(hub, metrics);
        StartPhases phases = StartPhases.NONE.with(StartPhase.QUEUE, Duration.ofMillis(3)).with(StartPhase.PULL, Duration.ofMillis(700))
                .with(StartPhase.CREATE, Duration.ofMillis(40)).with(StartPhase.START, Duration.ofMillis(20)).withPull(2048, false);

        sink.publish(StartEvents.start("web.1", "youki", OptionalLong.of(42), phases));

        assertThat(hub.recent()).extracting(event -> event.type()).containsExactly("container.start");
        String scrape = metrics.scrape(List::of);
        assertThat(scrape).contains("berth_container_start_phase_seconds_bucket{backend=\"youki\",phase=\"pull\",le=\"1.0\"} 1");
        assertThat(scrape).contains("berth_container_start_phase_seconds_bucket{backend=\"youki\",phase=\"pull\",le=\"0.5\"} 0");
        assertThat(scrape).contains("berth_container_start_phase_seconds_count{backend=\"youki\",phase=\"queue\"} 1");
        assertThat(scrape).doesNotContain("phase=\"firstHealth\"");
        assertThat(scrape).contains("berth_container_start_pull_bytes_sum{backend=\"youki\"} 2048.0");
        assertThat(scrape).contains("# HELP berth_container_start_phase_seconds How long each phase");
    }
}

package dev.berth.node.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AgentMetricsTest
{
    @Test
    void jvmMetricsAreBoundByTheFirstScrapeOnly()
    {
        AgentMetrics metrics = new AgentMetrics();
        assertThat(metrics.jvmMetricsBound()).isFalse();

        String first = metrics.scrape(List::of);
        String second = metrics.scrape(List::of);

        assertThat(metrics.jvmMetricsBound()).isTrue();
        assertThat(first).contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads").contains("berth_containers");
        // bound once: a second scrape lists each JVM series exactly once
        assertThat(second.lines().filter(line -> line.startsWith("jvm_classes_loaded_classes ")).count()).isEqualTo(1);
    }
}

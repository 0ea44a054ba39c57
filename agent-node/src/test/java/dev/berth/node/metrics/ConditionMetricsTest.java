package dev.berth.node.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} shows the image store's usage, the gc thresholds and the last collection, as the collector reports them. */
class ConditionMetricsTest
{
    @TempDir
    Path tmp;

    @Test
    void diskUsageThresholdsAndLastCollection()
    {
        String scrape = new AgentMetrics().scrape(List::of, TestingConditions.withDisk(tmp));

        assertThat(scrape).contains("berth_image_store_capacity_bytes 100.0", "berth_image_store_available_bytes 10.0",
                "berth_image_store_used_percent 90.0", "berth_image_gc_threshold_percent{threshold=\"high\"} 85.0",
                "berth_image_gc_threshold_percent{threshold=\"low\"} 80.0", "berth_image_gc_runs_total 1.0",
                "berth_image_gc_last_images_removed 0.0", "berth_image_gc_last_freed_bytes 0.0");
        assertThat(scrape).containsPattern("(?m)^berth_image_gc_last_run_timestamp_seconds [1-9]");
        assertThat(new AgentMetrics().scrape(List::of)).as("no conditions, no disk metrics").doesNotContain("berth_image_");
    }
}

package dev.berth.node.metrics;

import dev.berth.core.error.RouteToPeer;
import dev.berth.lifecycle.RecoveryReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} as operators check it: Prometheus' own promtool (Debian's prometheus package) finds nothing. */
class PromtoolTest
{
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path tmp;

    @Test
    void everyBerthMetricPassesPromtoolWithHelpText()
            throws IOException, InterruptedException
    {
        if (!Files.isExecutable(PROMTOOL)) {
            assertThat(System.getenv("CI")).as("CI installs prometheus (scripts/deps.sh)").isNotEqualTo("true");
            Assumptions.abort("promtool is not installed");
        }
        AgentMetrics metrics = new AgentMetrics();
        metrics.recordRecovery(RecoveryReport.NONE);
        metrics.recordOperation("run", "youki", Duration.ofMillis(12), null);
        metrics.recordOperation("run", "youki", Duration.ofMillis(3), new RouteToPeer("web", "windows", "this node runs linux"));
        metrics.recordStartPhase("youki", "pull", Duration.ofMillis(830));
        metrics.recordStartPull("youki", 4_194_304);
        String scrape = metrics.scrape(List::of, TestingConditions.withDisk(tmp));
        for (String family : List.of("berth_containers", "berth_placement_signals_total", "berth_recovery_containers_total",
                "berth_recovery_duration_seconds", "berth_operations_total", "berth_operation_duration_seconds",
                "berth_image_store_capacity_bytes", "berth_image_store_available_bytes", "berth_image_store_used_percent",
                "berth_image_gc_threshold_percent", "berth_image_gc_last_run_timestamp_seconds", "berth_image_gc_last_freed_bytes",
                "berth_image_gc_last_images_removed", "berth_image_gc_runs_total", "berth_image_gc_images_removed_total",
                "berth_image_gc_freed_bytes_total", "berth_container_start_phase_seconds", "berth_container_start_pull_bytes")) {
            assertThat(scrape).as("a sample of " + family).containsPattern("(?m)^" + family + "(_count)?[{ ]");
        }

        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String findings = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(findings.lines().filter(line -> line.startsWith("berth_")).toList())
                .as("promtool's findings on berth's own metrics").isEmpty();
    }
}

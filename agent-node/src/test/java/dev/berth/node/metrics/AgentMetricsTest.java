package dev.berth.node.metrics;

import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

import static dev.berth.core.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

class AgentMetricsTest
{
    @Test
    void jvmMetricsAreBoundByTheFirstScrapeOnly()
            throws InterruptedException
    {
        AgentMetrics metrics = new AgentMetrics();
        assertThat(metrics.jvmMetricsBound()).isFalse();

        String first = metrics.scrape(List::of);
        long collectionsBefore = collections();
        metrics.scrape(List::of);

        assertThat(metrics.jvmMetricsBound()).isTrue();
        assertThat(first).contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads").contains("berth_containers");

        // Micrometer dedupes meters by id, so a second binding would not show as a second series; it would add a
        // second GC listener, and every collection would be counted twice.
        System.gc();
        long collections = collections() - collectionsBefore;
        assertThat(collections).as("collections since the first scrape").isPositive();
        // GC notifications arrive a moment after the collection: wait until the scrape counts every collection so far
        eventually(Duration.ofSeconds(10), () -> gcEvents(metrics.scrape(List::of)) >= collections() - collectionsBefore,
                "every collection counted");
        // and no more than happened: a second listener would count each one twice
        long counted = gcEvents(metrics.scrape(List::of));
        assertThat(counted).isLessThanOrEqualTo(collections() - collectionsBefore);
    }

    private static long collections()
    {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    /** GC notifications the scrape counted: pauses and concurrent phases, over every series. */
    private static long gcEvents(String scrape)
    {
        return scrape.lines()
                .filter(line -> line.startsWith("jvm_gc_pause_seconds_count{") || line.startsWith("jvm_gc_concurrent_phase_time_seconds_count{"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}

package dev.berth.bridge.etcd;

import java.util.Locale;

/** One line of the scale table. */
record Row(int nodes, Timings placed, Timings rerouted, Timings replaced, double writesPerSecond, double readsPerSecond, double watchers,
        double eventsPerSecond, double schedulerCpu, double jvmCpu, int unfinished)
{
    static final String HEADER = String.format(Locale.ROOT, "%6s | %17s | %13s | %17s | %8s | %8s | %8s | %9s | %9s | %7s | %10s",
            "nodes", "placed p50/p99 ms", "re-route p99", "death p50/p99 ms", "writes/s", "reads/s", "watchers", "events/s", "sched CPU",
            "JVM CPU", "unfinished");

    @Override
    public String toString()
    {
        return String.format(Locale.ROOT, "%6d | %17s | %13s | %17s | %8.0f | %8.0f | %8.0f | %9.0f | %8.0f%% | %6.0f%% | %10d",
                nodes, placed.millis(50) + " / " + placed.millis(99) + " (" + placed.count() + ")",
                rerouted.millis(99) + " (" + rerouted.count() + ")",
                replaced.millis(50) + " / " + replaced.millis(99) + " (" + replaced.count() + ")",
                writesPerSecond, readsPerSecond, watchers, eventsPerSecond, 100 * schedulerCpu, 100 * jvmCpu, unfinished);
    }
}

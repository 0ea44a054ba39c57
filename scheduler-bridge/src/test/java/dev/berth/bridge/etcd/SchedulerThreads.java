package dev.berth.bridge.etcd;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** CPU time of each node's scheduler thread ({@code bridge-scheduler-NODE}), to find the elected one's cost. */
final class SchedulerThreads
{
    private SchedulerThreads() {}

    /** Thread id to CPU nanoseconds, for every scheduler thread alive now. */
    static Map<Long, Long> cpu()
    {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("bridge-scheduler-")) {
                cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }

    /** The most CPU one scheduler thread used between the two samples: the leader's, since only it plans. */
    static long busiest(Map<Long, Long> before, Map<Long, Long> after)
    {
        return after.entrySet().stream().mapToLong(entry -> entry.getValue() - before.getOrDefault(entry.getKey(), 0L)).max().orElse(0);
    }

    /** CPU nanoseconds of every live thread by name, digits and node ids taken out, busiest first: where the time went. */
    static Map<String, Long> byKind()
    {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                String kind = info.getThreadName().replaceAll("(lin|win)-[0-9]+", "NODE").replaceAll("[0-9]+", "N");
                cpu.merge(kind, Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
            }
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        cpu.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}

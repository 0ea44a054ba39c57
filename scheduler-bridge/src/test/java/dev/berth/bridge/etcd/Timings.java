package dev.berth.bridge.etcd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Durations in nanoseconds, added from any thread, read as percentiles in milliseconds. */
final class Timings
{
    private final List<Long> nanos = new ArrayList<>();

    synchronized void add(long value)
    {
        nanos.add(value);
    }

    synchronized int count()
    {
        return nanos.size();
    }

    /** The percentile in milliseconds, or "-" with no sample. */
    synchronized String millis(int percent)
    {
        if (nanos.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return String.format(Locale.ROOT, "%.0f", sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6);
    }
}

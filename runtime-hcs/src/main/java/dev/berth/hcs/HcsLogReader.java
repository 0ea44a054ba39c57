package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

/**
 * Lines from a {@link ContainerLog}: the last {@code tail} (all when -1), then, when following, new lines as they are
 * written until the output has ended or the reader is closed.
 */
final class HcsLogReader
        implements LogReader
{
    private final ContainerLog log;
    private final boolean follow;
    private final BooleanSupplier ended;
    private final Duration pollInterval;
    private List<LogLine> lines;
    private int next;
    private int seen;
    private volatile boolean closed;

    HcsLogReader(ContainerLog log, LogOptions options, BooleanSupplier ended, Duration pollInterval)
    {
        this.log = requireNonNull(log, "log is null");
        this.follow = options.follow();
        this.ended = requireNonNull(ended, "ended is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
        this.lines = log.read();
        this.seen = lines.size();
        this.next = options.tail() < 0 ? 0 : Math.max(0, lines.size() - options.tail());
    }

    @Override
    public boolean hasNext()
    {
        while (!closed) {
            if (next < lines.size()) {
                return true;
            }
            if (!follow) {
                return false;
            }
            boolean over = ended.getAsBoolean();
            List<LogLine> all = log.read();
            if (all.size() > seen) {
                lines = all;
                seen = all.size();
                continue;
            }
            if (over) {
                return false;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public LogLine next()
    {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return lines.get(next++);
    }

    @Override
    public void close()
    {
        closed = true;
    }
}

package dev.berth.lifecycle.replica;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.ImageActivity;
import dev.berth.state.StartPhase;
import dev.berth.state.StartPhases;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Times the phases of one container start on a monotonic {@code ticker} (nanoseconds; injected so tests drive it).
 * A phase that fails is still timed up to its failure. Unpacking the image store reports while a phase runs (layers
 * made into a root filesystem inside the backend's create) is carved out of that phase into {@link StartPhase#UNPACK}.
 * Used by the booting thread; the image store may report from its own threads.
 */
public final class StartTimer
        implements ImageActivity.Observer
{
    private final LongSupplier ticker;
    private final Map<StartPhase, Long> nanos = new EnumMap<>(StartPhase.class);
    private final Map<StartPhase, Long> unpackWithin = new EnumMap<>(StartPhase.class);
    private StartPhase running;
    private long pullBytes;
    private boolean pullCached;

    public StartTimer(LongSupplier ticker)
    {
        this.ticker = requireNonNull(ticker, "ticker is null");
    }

    /** A phase timed elsewhere (the queue, from the replica's record). */
    public synchronized void record(StartPhase phase, Duration took)
    {
        nanos.put(phase, Math.max(0, took.toNanos()));
    }

    public <T> T time(StartPhase phase, Supplier<T> work)
    {
        long started = begin(phase);
        try (ImageActivity.Scope ignored = ImageActivity.observe(this)) {
            return work.get();
        }
        finally {
            end(phase, started);
        }
    }

    public void time(StartPhase phase, Runnable work)
    {
        time(phase, () -> {
            work.run();
            return null;
        });
    }

    /** The image was already here (the lifecycle's own cache of it): nothing was pulled. */
    public synchronized void cached()
    {
        pullBytes = 0;
        pullCached = true;
    }

    @Override
    public synchronized void pulled(long bytesDownloaded, boolean cached)
    {
        pullBytes = bytesDownloaded;
        pullCached = cached;
    }

    @Override
    public synchronized void unpacked(Duration took)
    {
        if (running != null) {
            unpackWithin.merge(running, took.toNanos(), Long::sum);
        }
    }

    public synchronized StartPhases phases()
    {
        Map<StartPhase, Duration> durations = new EnumMap<>(StartPhase.class);
        long unpack = 0;
        for (Map.Entry<StartPhase, Long> phase : nanos.entrySet()) {
            long carved = Math.min(phase.getValue(), unpackWithin.getOrDefault(phase.getKey(), 0L));
            unpack += carved;
            durations.put(phase.getKey(), Duration.ofNanos(phase.getValue() - carved));
        }
        if (!unpackWithin.isEmpty()) {
            durations.put(StartPhase.UNPACK, Duration.ofNanos(unpack));
        }
        return new StartPhases(durations, pullBytes, pullCached);
    }

    private synchronized long begin(StartPhase phase)
    {
        running = phase;
        return ticker.getAsLong();
    }

    private synchronized void end(StartPhase phase, long started)
    {
        nanos.merge(phase, Math.max(0, ticker.getAsLong() - started), Long::sum);
        running = null;
    }
}

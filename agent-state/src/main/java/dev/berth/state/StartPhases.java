package dev.berth.state;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How long each phase of a container's last start took. A phase the start did not reach (or that does not apply: no
 * health check, no first pass yet) is absent. {@code pullBytes}: bytes downloaded from the registry for it;
 * {@code pullCached}: the image was already in the store, so nothing was downloaded.
 */
public record StartPhases(Map<StartPhase, Duration> durations, long pullBytes, boolean pullCached)
{
    public static final StartPhases NONE = new StartPhases(Map.of(), 0, false);

    public StartPhases
    {
        requireNonNull(durations, "durations is null");
        EnumMap<StartPhase, Duration> copy = new EnumMap<>(StartPhase.class);
        durations.forEach((phase, duration) -> {
            requireNonNull(duration, "duration of " + phase + " is null");
            if (duration.isNegative()) {
                throw new IllegalArgumentException(phase.wireName() + " took " + duration + ", a negative time");
            }
            copy.put(phase, duration);
        });
        durations = Collections.unmodifiableMap(copy);
        if (pullBytes < 0) {
            throw new IllegalArgumentException("pullBytes is negative: " + pullBytes);
        }
    }

    public Optional<Duration> of(StartPhase phase)
    {
        return Optional.ofNullable(durations.get(phase));
    }

    public StartPhases with(StartPhase phase, Duration duration)
    {
        EnumMap<StartPhase, Duration> more = new EnumMap<>(StartPhase.class);
        more.putAll(durations);
        more.put(phase, duration);
        return new StartPhases(more, pullBytes, pullCached);
    }

    public StartPhases withPull(long bytes, boolean cached)
    {
        return new StartPhases(durations, bytes, cached);
    }
}

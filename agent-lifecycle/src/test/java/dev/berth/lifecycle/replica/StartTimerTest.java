package dev.berth.lifecycle.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.runtime.ImageActivity;
import dev.berth.state.StartPhase;
import dev.berth.state.StartPhases;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The timing record of one start, on a ticker the test moves. */
class StartTimerTest
{
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final StartTimer timer = new StartTimer(nanos::get);

    private void advance(Duration duration)
    {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void eachPhaseTakesWhatTheTickerSaysAndTheImageStoreReportsThePull()
    {
        timer.record(StartPhase.QUEUE, Duration.ofMillis(4));
        timer.time(StartPhase.PULL, () -> {
            advance(Duration.ofMillis(800));
            ImageActivity.current().pulled(4096, false);
        });
        timer.time(StartPhase.CREATE, () -> advance(Duration.ofMillis(60)));
        timer.time(StartPhase.START, () -> advance(Duration.ofMillis(25)));

        StartPhases phases = timer.phases();
        assertThat(phases.durations()).containsExactly(
                org.assertj.core.api.Assertions.entry(StartPhase.QUEUE, Duration.ofMillis(4)),
                org.assertj.core.api.Assertions.entry(StartPhase.PULL, Duration.ofMillis(800)),
                org.assertj.core.api.Assertions.entry(StartPhase.CREATE, Duration.ofMillis(60)),
                org.assertj.core.api.Assertions.entry(StartPhase.START, Duration.ofMillis(25)));
        assertThat(phases.pullBytes()).isEqualTo(4096);
        assertThat(phases.pullCached()).isFalse();
        assertThat(ImageActivity.current()).as("the observer is this thread's only while a phase runs").isSameAs(ImageActivity.Observer.NONE);
    }

    @Test
    void unpackingInsideTheCreateIsItsOwnPhase()
    {
        timer.time(StartPhase.CREATE, () -> {
            advance(Duration.ofMillis(10));
            long before = nanos.get();
            advance(Duration.ofMillis(300));
            ImageActivity.current().unpacked(Duration.ofNanos(nanos.get() - before));
            advance(Duration.ofMillis(40));
        });

        StartPhases phases = timer.phases();
        assertThat(phases.of(StartPhase.CREATE)).contains(Duration.ofMillis(50));
        assertThat(phases.of(StartPhase.UNPACK)).contains(Duration.ofMillis(300));
    }

    @Test
    void aFailedPhaseIsTimedUpToItsFailureAndLaterPhasesAreAbsent()
    {
        assertThatThrownBy(() -> timer.time(StartPhase.PULL, () -> {
            advance(Duration.ofSeconds(30));
            throw new IllegalStateException("registry gone");
        })).hasMessage("registry gone");

        StartPhases phases = timer.phases();
        assertThat(phases.of(StartPhase.PULL)).contains(Duration.ofSeconds(30));
        assertThat(phases.of(StartPhase.CREATE)).isEmpty();
        assertThat(phases.of(StartPhase.UNPACK)).isEmpty();
    }

    @Test
    void anImageTheLifecycleRememberedIsCachedAndTheStartWaitIsAddedUp()
    {
        timer.time(StartPhase.PULL, () -> advance(Duration.ofNanos(1500)));
        timer.cached();
        timer.time(StartPhase.START, () -> advance(Duration.ofMillis(5)));
        timer.time(StartPhase.START, () -> advance(Duration.ofMillis(7)));

        StartPhases phases = timer.phases();
        assertThat(phases.pullCached()).isTrue();
        assertThat(phases.pullBytes()).isZero();
        assertThat(phases.of(StartPhase.PULL)).contains(Duration.ofNanos(1500));
        assertThat(phases.of(StartPhase.START)).as("the runtime's start and the wait for running").contains(Duration.ofMillis(12));
    }
}

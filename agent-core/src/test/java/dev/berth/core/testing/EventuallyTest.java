package dev.berth.core.testing;

import static dev.berth.core.testing.Eventually.eventually;
import static dev.berth.core.testing.Eventually.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

class EventuallyTest
{
    @Test
    void returnsOnceTheConditionHolds()
    {
        AtomicInteger looks = new AtomicInteger();
        eventually(Duration.ofSeconds(5), () -> looks.incrementAndGet() >= 3, "three looks");
        assertThat(looks).hasValue(3);
    }

    @Test
    void failsNamingWhatItWaitedFor()
    {
        assertThatThrownBy(() -> eventually(Duration.ofMillis(30), () -> false, "the exit file"))
                .isInstanceOf(AssertionError.class).hasMessage("not within PT0.03S: the exit file");
    }

    @Test
    void holdsForLooksUntilThePeriodEnds()
    {
        AtomicInteger looks = new AtomicInteger();
        holdsFor(Duration.ofMillis(50), () -> looks.incrementAndGet() > 0, "always");
        assertThat(looks.get()).isGreaterThan(2);
    }

    @Test
    void holdsForFailsWhenTheConditionStops()
    {
        AtomicInteger looks = new AtomicInteger();
        assertThatThrownBy(() -> holdsFor(Duration.ofSeconds(5), () -> looks.incrementAndGet() < 3, "the session alive"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the session alive");
        assertThat(looks).hasValue(3);
    }
}

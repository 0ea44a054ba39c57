package dev.berth.lifecycle.restart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.error.InitActionFailed;
import dev.berth.core.error.UnexpectedExit;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.spec.InitFailurePolicy;
import dev.berth.core.spec.RestartPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

class RestartDeciderTest
{
    private static final Instant NOW = Instant.parse("2026-11-22T02:00:00Z");
    private static final RestartPolicy ALWAYS = new RestartPolicy(RestartPolicy.Mode.ALWAYS, 0, Duration.ofSeconds(1), Duration.ofSeconds(8),
            3, Duration.ofMinutes(1), Duration.ofMinutes(5));

    @Test
    void backoffDoublesAndIsCapped()
    {
        assertThat(delay(RestartDecider.afterExit("a", ALWAYS, 1, 0, List.of(), false, NOW))).isEqualTo(Duration.ofSeconds(1));
        assertThat(delay(RestartDecider.afterExit("a", ALWAYS, 1, 2, List.of(), false, NOW))).isEqualTo(Duration.ofSeconds(4));
        assertThat(delay(RestartDecider.afterExit("a", ALWAYS, 1, 10, List.of(), false, NOW))).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void restartsInsideTheWindowEnterCrashLoopWithTheLongerDelay()
    {
        List<Instant> recent = List.of(NOW.minusSeconds(50), NOW.minusSeconds(20), NOW.minusSeconds(5));
        RestartDecision decision = RestartDecider.afterExit("a", ALWAYS, 1, 3, recent, false, NOW);
        assertThat(decision).isEqualTo(new RestartDecision.Restart(Duration.ofMinutes(5), true));
        assertThat(((RestartDecision.Restart) decision).waitingState()).isEqualTo(ContainerState.CRASH_LOOP_BACKOFF);

        List<Instant> old = List.of(NOW.minusSeconds(500), NOW.minusSeconds(20), NOW.minusSeconds(5));
        assertThat(RestartDecider.afterExit("a", ALWAYS, 1, 3, old, false, NOW)).isEqualTo(new RestartDecision.Restart(Duration.ofSeconds(8), false));
    }

    @Test
    void nonZeroExitNotRestartedIsUnexpectedExit()
    {
        RestartDecision decision = RestartDecider.afterExit("a", RestartPolicy.NEVER, 3, 0, List.of(), false, NOW);
        assertThat(decision).isInstanceOfSatisfying(RestartDecision.Settle.class, settle -> {
            assertThat(settle.state()).isEqualTo(ContainerState.FAILED);
            assertThat(settle.failure()).get().isInstanceOfSatisfying(UnexpectedExit.class, error -> assertThat(error.exitCode()).isEqualTo(3));
        });
        assertThat(RestartDecider.afterExit("a", RestartPolicy.NEVER, 0, 0, List.of(), false, NOW))
                .isEqualTo(new RestartDecision.Settle(ContainerState.EXITED, java.util.Optional.empty()));
    }

    @Test
    void onFailureStopsAfterMaxAttemptsAndUserStopsAreNeverRestarted()
    {
        RestartPolicy onFailure = new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, 2, Duration.ofSeconds(1), Duration.ofSeconds(8), 100,
                Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThat(RestartDecider.afterExit("a", onFailure, 1, 1, List.of(), false, NOW)).isInstanceOf(RestartDecision.Restart.class);
        assertThat(RestartDecider.afterExit("a", onFailure, 1, 2, List.of(), false, NOW)).isInstanceOf(RestartDecision.Settle.class);
        assertThat(RestartDecider.afterExit("a", onFailure, 0, 0, List.of(), false, NOW)).isInstanceOf(RestartDecision.Settle.class);
        assertThat(RestartDecider.afterExit("a", ALWAYS, 143, 0, List.of(), true, NOW))
                .isEqualTo(new RestartDecision.Settle(ContainerState.EXITED, java.util.Optional.empty()));
    }

    @Test
    void initPolicyDecidesAfterAFailedInitStep()
    {
        InitActionFailed failure = new InitActionFailed("a", "tcp refused");
        assertThat(RestartDecider.afterInitFailure(InitFailurePolicy.FAIL, ALWAYS, failure, 0, List.of(), NOW))
                .isEqualTo(new RestartDecision.Settle(ContainerState.FAILED, java.util.Optional.of(failure)));
        assertThat(RestartDecider.afterInitFailure(InitFailurePolicy.RESTART, ALWAYS, failure, 4, List.of(), NOW))
                .isEqualTo(new RestartDecision.Restart(Duration.ZERO, false));
        assertThat(RestartDecider.afterInitFailure(InitFailurePolicy.BACKOFF, ALWAYS, failure, 2, List.of(), NOW))
                .isEqualTo(new RestartDecision.Restart(Duration.ofSeconds(4), false));
    }

    @Test
    void unhealthyIsRestartedOnlyWhenThePolicyRestartsFailures()
    {
        assertThat(RestartDecider.afterUnhealthy(RestartPolicy.NEVER, 0, List.of(), NOW)).isEmpty();
        assertThat(RestartDecider.afterUnhealthy(ALWAYS, 0, List.of(), NOW)).contains(new RestartDecision.Restart(Duration.ofSeconds(1), false));
    }

    @Test
    void restartHistoryKeepsOnlyTheWindow()
    {
        assertThat(RestartDecider.withRestart(ALWAYS, List.of(NOW.minusSeconds(600), NOW.minusSeconds(10)), NOW))
                .containsExactly(NOW.minusSeconds(10), NOW);
    }

    private static Duration delay(RestartDecision decision)
    {
        return ((RestartDecision.Restart) decision).delay();
    }
}

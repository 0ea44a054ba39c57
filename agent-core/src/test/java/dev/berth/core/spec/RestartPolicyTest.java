package dev.berth.core.spec;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RestartPolicyTest
{
    private static RestartPolicy policy(RestartPolicy.Mode mode, int maxAttempts)
    {
        return new RestartPolicy(mode, maxAttempts, Duration.ofSeconds(1), Duration.ofSeconds(10), 5, Duration.ofMinutes(1), Duration.ofMinutes(5));
    }

    @Test
    void restartDecisions()
    {
        assertThat(policy(RestartPolicy.Mode.NO, 0).restarts(1, 0, false)).isFalse();
        assertThat(policy(RestartPolicy.Mode.ALWAYS, 0).restarts(0, 100, true)).isTrue();
        assertThat(policy(RestartPolicy.Mode.UNLESS_STOPPED, 0).restarts(0, 0, false)).isTrue();
        assertThat(policy(RestartPolicy.Mode.UNLESS_STOPPED, 0).restarts(1, 0, true)).isFalse();
        RestartPolicy onFailure = policy(RestartPolicy.Mode.ON_FAILURE, 2);
        assertThat(onFailure.restarts(0, 0, false)).isFalse();
        assertThat(onFailure.restarts(1, 0, false)).isTrue();
        assertThat(onFailure.restarts(1, 1, false)).isTrue();
        assertThat(onFailure.restarts(1, 2, false)).isFalse();
        assertThat(onFailure.restarts(1, 0, true)).isFalse();
        assertThat(policy(RestartPolicy.Mode.ON_FAILURE, 0).restarts(1, 1000, false)).isTrue();
    }

    @Test
    void backoffDoublesAndCaps()
    {
        RestartPolicy policy = policy(RestartPolicy.Mode.ALWAYS, 0);
        assertThat(policy.backoff(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoff(60)).isEqualTo(Duration.ofSeconds(10));
    }
}

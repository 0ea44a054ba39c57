package dev.berth.lifecycle.restart;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.UnexpectedExit;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.spec.InitFailurePolicy;
import dev.berth.core.spec.RestartPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The restart rules, as pure functions of the policy, the replica's restart history and the time. Backoff doubles
 * per restart up to the policy's cap; once {@code crashLoopRestarts} restarts fall inside {@code crashLoopWindow},
 * the replica waits {@code crashLoopDelay} instead, in CRASH_LOOP_BACKOFF.
 */
public final class RestartDecider
{
    private RestartDecider() {}

    /** After the process exited with {@code exitCode}. A non-zero exit that is not restarted is UnexpectedExit. */
    public static RestartDecision afterExit(String id, RestartPolicy policy, int exitCode, int restartCount, List<Instant> restartTimes,
            boolean stoppedByUser, Instant now)
    {
        if (!stoppedByUser && policy.restarts(exitCode, restartCount, false)) {
            return restart(policy, restartCount, restartTimes, now);
        }
        if (exitCode == 0 || stoppedByUser) {
            return new RestartDecision.Settle(ContainerState.EXITED, Optional.empty());
        }
        return new RestartDecision.Settle(ContainerState.FAILED, Optional.of(new UnexpectedExit(id, exitCode)));
    }

    /** After the replica became unhealthy: restarted when its policy restarts a failure. */
    public static Optional<RestartDecision> afterUnhealthy(RestartPolicy policy, int restartCount, List<Instant> restartTimes, Instant now)
    {
        if (policy.restarts(1, restartCount, false)) {
            return Optional.of(restart(policy, restartCount, restartTimes, now));
        }
        return Optional.empty();
    }

    /** After an init step failed: the init policy decides, with the restart policy's backoff and crash-loop rules. */
    public static RestartDecision afterInitFailure(InitFailurePolicy initPolicy, RestartPolicy policy, AgentError failure, int restartCount,
            List<Instant> restartTimes, Instant now)
    {
        return switch (initPolicy) {
            case FAIL -> new RestartDecision.Settle(ContainerState.FAILED, Optional.of(failure));
            case RESTART -> crashLoop(policy, restartTimes, now)
                    ? new RestartDecision.Restart(policy.crashLoopDelay(), true)
                    : new RestartDecision.Restart(Duration.ZERO, false);
            case BACKOFF -> restart(policy, restartCount, restartTimes, now);
        };
    }

    private static RestartDecision restart(RestartPolicy policy, int restartCount, List<Instant> restartTimes, Instant now)
    {
        if (crashLoop(policy, restartTimes, now)) {
            return new RestartDecision.Restart(policy.crashLoopDelay(), true);
        }
        return new RestartDecision.Restart(policy.backoff(restartCount), false);
    }

    static boolean crashLoop(RestartPolicy policy, List<Instant> restartTimes, Instant now)
    {
        Instant windowStart = now.minus(policy.crashLoopWindow());
        long recent = restartTimes.stream().filter(time -> time.isAfter(windowStart)).count();
        return policy.crashLoopRestarts() > 0 && recent >= policy.crashLoopRestarts();
    }

    /** The restart times worth keeping: those still inside the window, plus {@code now}. */
    public static List<Instant> withRestart(RestartPolicy policy, List<Instant> restartTimes, Instant now)
    {
        Instant windowStart = now.minus(policy.crashLoopWindow());
        List<Instant> kept = new java.util.ArrayList<>(restartTimes.stream().filter(time -> time.isAfter(windowStart)).toList());
        kept.add(now);
        return List.copyOf(kept);
    }
}

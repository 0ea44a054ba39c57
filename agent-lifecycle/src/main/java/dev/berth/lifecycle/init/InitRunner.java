package dev.berth.lifecycle.init;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.InitActionFailed;
import dev.berth.core.error.Timeout;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.spec.InitStep;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.composite.CompositeRuntime;
import dev.berth.lifecycle.diagnose.EvidenceCollector;
import dev.berth.lifecycle.diagnose.Suspect;
import dev.berth.lifecycle.diagnose.TimeoutEvidence;
import dev.berth.lifecycle.probe.ProbeResult;
import dev.berth.lifecycle.probe.Prober;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;

/**
 * Runs a replica's init steps in order. A step is tried up to {@code retries + 1} times; each try is bounded by the
 * step's timeout, and the pause between tries is the poll interval. A step that never passes is
 * {@link InitActionFailed}, carrying the {@link TimeoutEvidence} about the process.
 */
public final class InitRunner
{
    private static final Logger log = LogManager.getLogger(InitRunner.class);

    private final CompositeRuntime runtime;
    private final Prober prober;
    private final EvidenceCollector evidence;
    private final Duration pause;

    public InitRunner(CompositeRuntime runtime, Prober prober, EvidenceCollector evidence, Duration pause)
    {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.prober = requireNonNull(prober, "prober is null");
        this.evidence = requireNonNull(evidence, "evidence is null");
        this.pause = requireNonNull(pause, "pause is null");
    }

    /** @throws InitActionFailed naming the step, its last result and the evidence */
    public void run(String id, ServiceSpec spec)
    {
        for (int index = 0; index < spec.init().size(); index++) {
            InitStep step = spec.init().get(index);
            String name = "init[" + index + "] " + step.kind().name().toLowerCase();
            if (step.kind() == InitStep.Kind.SLEEP) {
                sleep(step.duration());
                continue;
            }
            ProbeResult last = ProbeResult.fail("not tried");
            int tries = Math.max(1, step.retries() + 1);
            for (int attempt = 1; attempt <= tries; attempt++) {
                long deadline = System.nanoTime() + step.timeout().toNanos();
                last = attempt(id, spec, step);
                // a try keeps polling inside its own timeout, so a slow starter is not charged a retry per poll
                while (!last.passed() && System.nanoTime() < deadline && alive(id)) {
                    sleep(pause);
                    last = attempt(id, spec, step);
                }
                if (last.passed()) {
                    log.debug("{} {} passed on try {}: {}", id, name, attempt, last.detail());
                    break;
                }
                if (!alive(id)) {
                    break;
                }
            }
            if (!last.passed()) {
                TimeoutEvidence found = evidence.collect(id, suspect(step, last));
                throw new InitActionFailed(id, name + " failed after " + tries + " tries (timeout " + step.timeout().toMillis()
                        + "ms each): " + last.detail() + "; " + found.summary(), new Timeout(step.timeout(), found));
            }
        }
    }

    private ProbeResult attempt(String id, ServiceSpec spec, InitStep step)
    {
        return switch (step.kind()) {
            case TCP -> prober.tcp(id, spec, step.host(), step.port(), step.timeout());
            case HTTP -> prober.http(id, spec, step.host(), step.port(), step.path(), step.expectStatus(), step.timeout());
            case EXEC -> prober.exec(id, step.command(), step.timeout());
            case SLEEP -> ProbeResult.pass("slept");
        };
    }

    private boolean alive(String id)
    {
        try {
            return runtime.state(id).state() == ContainerState.RUNNING;
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    private static Suspect suspect(InitStep step, ProbeResult last)
    {
        return switch (step.kind()) {
            case TCP, HTTP -> Suspect.port(step.port(), "the init step passed");
            case EXEC -> Suspect.command("the init command succeeded", last.detail());
            case SLEEP -> Suspect.other("the init step passed");
        };
    }

    private static void sleep(Duration duration)
    {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InitActionFailed("init", "interrupted", e);
        }
    }
}

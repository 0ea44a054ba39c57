package dev.berth.lifecycle.replica;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static dev.berth.lifecycle.testing.LifecycleHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.error.Internal;
import dev.berth.core.runtime.ContainerState;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A running container whose monitor is gone and whose runtime answers garbage has not exited: the exit monitor must
 * not record an exit it never saw (which settled the record as FAILED, "exit code unknown", while the process ran
 * on), and must see the real exit once the runtime can tell again.
 */
class BlindMonitorTest
{
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void aContainerTheRuntimeCannotDescribeIsNotRecordedAsExited()
    {
        TestingLifecycleBackend backend = new TestingLifecycleBackend();
        LifecycleHarness harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST);
        try {
            harness.manager().run(document("{name: job, image: busybox:test, args: [sleep]}"));
            backend.blind("job.1", new Internal("cannot read the output as JSON: this is {not json"));
            // several monitor ticks, each of which asked and was answered garbage
            eventually(WAIT, () -> backend.count("state", "job.1") >= 3, "three state calls that could not tell");

            assertThat(harness.store().container("job.1").orElseThrow().state()).as("nobody saw it exit").isEqualTo(ContainerState.RUNNING);
            assertThat(harness.eventTypes("job.1")).doesNotContain("container.exit", "container.fail");
            assertThat(backend.count("kill", "job.1")).isZero();

            backend.see("job.1");
            backend.crash("job.1", 3, false);
            eventually(WAIT, () -> harness.store().container("job.1").orElseThrow().state() != ContainerState.RUNNING, "the real exit seen");
            assertThat(harness.store().container("job.1").orElseThrow().exitCode()).hasValue(3);
        }
        finally {
            harness.close();
        }
    }
}

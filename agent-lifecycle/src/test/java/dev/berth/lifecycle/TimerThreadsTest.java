package dev.berth.lifecycle;

import static dev.berth.lifecycle.testing.LifecycleHarness.documents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;

/** The lifecycle's timer pool stays at two threads however many containers have timers (it used to grow to 16). */
class TimerThreadsTest
{
    @TempDir
    Path dataDir;

    @Test
    void timerThreadsDoNotGrowWithContainers()
    {
        TestingLifecycleBackend backend = new TestingLifecycleBackend();
        LifecycleHarness harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST);
        try {
            harness.manager().deploy(documents(
                    "- {name: web, image: busybox:test, args: [sleep], replicas: 12, health: {type: exec, command: [check], interval: 20ms, retries: 1}}"));

            // every replica's health timer still fires: its probes run on the workers
            LifecycleHarness.eventually(Duration.ofSeconds(20), () -> IntStream.rangeClosed(1, 12)
                    .allMatch(replica -> harness.eventTypes("web." + replica).contains("container.health")), "every replica's health event");
            assertThat(Thread.getAllStackTraces().keySet())
                    .filteredOn(thread -> thread.getName().startsWith("lifecycle-timer-"))
                    .hasSizeLessThanOrEqualTo(2);
        }
        finally {
            harness.close();
        }
    }
}

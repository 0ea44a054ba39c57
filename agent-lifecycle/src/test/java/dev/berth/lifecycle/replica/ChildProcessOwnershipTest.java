package dev.berth.lifecycle.replica;

import static dev.berth.lifecycle.testing.LifecycleHarness.documents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lifecycle never reaps globally: a child another component spawns keeps its exit code while the exit
 * monitor, health checks, restarts and recovery run at full speed.
 */
class ChildProcessOwnershipTest
{
    @TempDir
    Path dataDir;

    @Test
    void childSpawnedElsewhereKeepsItsExitCodeWhileTheLifecycleRuns()
            throws Exception
    {
        TestingLifecycleBackend backend = new TestingLifecycleBackend();
        try (LifecycleHarness harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST.with("lifecycle.monitor-interval", "5ms"))) {
            harness.manager().deploy(documents("""
                    - {name: web, image: busybox:test, args: [sleep], replicas: 10, health: {type: exec, command: [check], interval: 5ms}}
                    - name: flappy
                      image: busybox:test
                      args: [exit-after, "5", "1"]
                      restart: {policy: always, backoff: {initial: 1ms, max: 2ms}, crashLoop: {restarts: 1000, window: 1s, delay: 1ms}}
                    """));
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                children.add(new ProcessBuilder("/bin/sh", "-c", "sleep 0.$((RANDOM % 3)); exit " + (40 + i)).start());
                if (i % 5 == 0) {
                    harness.manager().recover();
                }
            }
            for (int i = 0; i < children.size(); i++) {
                assertThat(children.get(i).waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(children.get(i).exitValue()).as("child %d", i).isEqualTo(40 + i);
            }
            assertThat(harness.manager().inspect("flappy").restarts()).as("the machinery was busy meanwhile").isGreaterThan(0);
        }
    }
}

package dev.berth.lifecycle;

import static dev.berth.lifecycle.testing.LifecycleHarness.documents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class ShutdownTest
{
    @TempDir
    Path dataDir;

    @Test
    void containersKeepRunningByDefault()
    {
        TestingLifecycleBackend backend = new TestingLifecycleBackend();
        LifecycleHarness harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST);
        harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], replicas: 2}"));
        harness.close();

        assertThat(backend.list()).extracting(ContainerStatus::state).containsOnly(ContainerState.RUNNING);
        assertThat(backend.calls()).noneMatch(call -> call.startsWith("stop:"));
    }

    @Test
    void containersAreStoppedWhenConfigured()
    {
        TestingLifecycleBackend backend = new TestingLifecycleBackend();
        LifecycleHarness harness = new LifecycleHarness(dataDir, backend,
                LifecycleHarness.FAST.with("lifecycle.stop-containers-on-shutdown", "true"));
        harness.manager().deploy(documents("- {name: web, image: busybox:test, args: [sleep], replicas: 2, restart: always}"));
        harness.close();

        assertThat(backend.list()).extracting(ContainerStatus::state).containsOnly(ContainerState.EXITED);
        assertThat(backend.calls()).contains("stop:web.1", "stop:web.2").noneMatch(call -> call.startsWith("remove:"));
    }
}

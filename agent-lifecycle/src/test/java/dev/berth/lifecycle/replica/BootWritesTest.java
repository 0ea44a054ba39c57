package dev.berth.lifecycle.replica;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ContainerState;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import dev.berth.state.ContainerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A replica without init steps goes from started to RUNNING in one committed write (one WAL fsync): when its
 * {@code container.start} event is published the record already says RUNNING, with the pid.
 */
class BootWritesTest
{
    @TempDir
    Path dataDir;

    @Test
    void startAndRunningAreOneWrite()
    {
        TestingLifecycleBackend backend = new TestingLifecycleBackend();
        LifecycleHarness harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST);
        try {
            List<ContainerRecord> atStart = new CopyOnWriteArrayList<>();
            harness.onEvent(event -> {
                if (event.type().equals("container.start")) {
                    harness.store().container(event.subject()).ifPresent(atStart::add);
                }
            });
            harness.manager().run(document("{name: job, image: busybox:test, args: [sleep]}"));

            assertThat(atStart).hasSize(1);
            assertThat(atStart.get(0).state()).isEqualTo(ContainerState.RUNNING);
            assertThat(atStart.get(0).pid()).isPresent();
        }
        finally {
            harness.close();
        }
    }
}

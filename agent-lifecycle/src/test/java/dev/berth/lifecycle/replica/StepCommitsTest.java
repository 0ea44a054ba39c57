package dev.berth.lifecycle.replica;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.event.AgentEvent;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import dev.berth.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Each lifecycle step commits its record, its events and related rows (the service, the composite's ownership
 * record) as one transaction: one WAL fsync per step, counted by {@link StateStore#commits()}.
 */
class StepCommitsTest
{
    @TempDir
    Path dataDir;

    @Test
    void aContainerThatExitsAtOnceCostsFiveCommitsFromRunToRemoval()
    {
        LifecycleHarness harness = new LifecycleHarness(dataDir, new TestingLifecycleBackend(), LifecycleHarness.FAST);
        try {
            StateStore store = harness.store();
            long before = store.commits();

            ContainerView view = harness.manager().run(document("{name: job, image: busybox:test, args: [exit, '0']}"));
            assertThat(harness.manager().wait(view.id(), Duration.ofSeconds(5)).code()).isZero();
            harness.manager().remove(view.id(), true);

            // the service with its pending replica; the owner, before the backend creates; CREATED; start and exit;
            // the removal of the record, the service and the owner
            assertThat(store.commits() - before).isEqualTo(5);
            assertThat(store.hasDeferred()).as("nothing left waiting for a commit").isFalse();
            assertThat(store.recentEvents(20)).extracting(AgentEvent::type)
                    .containsExactly("container.create", "container.start", "container.exit", "container.remove", "service.remove");
        }
        finally {
            harness.close();
        }
    }

    @Test
    void removalTakesTheRecordTheServiceAndTheOwnerInOneCommit()
    {
        LifecycleHarness harness = new LifecycleHarness(dataDir, new TestingLifecycleBackend(), LifecycleHarness.FAST);
        try {
            StateStore store = harness.store();
            ContainerView view = harness.manager().run(document("{name: web, image: busybox:test, args: [sleep]}"));
            assertThat(store.owners()).containsKey(view.id());
            long before = store.commits();

            harness.manager().remove("web", true);

            assertThat(store.commits() - before).isEqualTo(1);
            assertThat(store.container(view.id())).isEmpty();
            assertThat(store.service("web")).isEmpty();
            assertThat(harness.eventTypes(view.id())).endsWith("container.remove");
            assertThat(harness.eventTypes("web")).containsExactly("service.remove");
            // close() commits what still waits: only with nothing waiting does the reopened store show the step's commit
            assertThat(store.hasDeferred()).as("nothing left waiting for a commit").isFalse();
        }
        finally {
            harness.close();
        }
        // committed, not only hidden from readers
        try (StateStore reopened = StateStore.open(StateStore.fileIn(dataDir))) {
            assertThat(reopened.owners()).isEmpty();
            assertThat(reopened.services()).isEmpty();
            assertThat(reopened.recentEvents(20)).extracting(AgentEvent::type).endsWith("container.remove", "service.remove");
        }
    }
}

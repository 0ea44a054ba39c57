package dev.berth.lifecycle.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.event.AgentEvent;
import dev.berth.core.event.EventSink;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.state.StateStore;
import dev.berth.state.ownership.StoredOwnershipStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A write deferred to the store's next commit is committed by the background flush when no step commits: a
 * published event, and an owner the composite forgot, which does not go through {@link LifecycleEvents} at all.
 */
class LifecycleEventsTest
{
    /** Far beyond {@link LifecycleEvents#LINGER}: the deadline of a wait, not the timing asserted. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aPublishedEventIsCommittedWithoutAnotherCommit()
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir));
                LifecycleEvents events = new LifecycleEvents(EventSink.DISCARD, store)) {
            long before = store.commits();

            events.publish("container.adopt", "web.1");

            LifecycleHarness.eventually(DEADLINE, () -> store.commits() > before, "the background flush commits the event");
            assertThat(store.commits() - before).isEqualTo(1);
            assertThat(store.hasDeferred()).isFalse();
            assertThat(store.recentEvents(10)).extracting(AgentEvent::type).containsExactly("container.adopt");
        }
    }

    @Test
    void anOwnerTheCompositeForgotIsCommittedWithoutAnotherCommit()
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir));
                LifecycleEvents events = new LifecycleEvents(EventSink.DISCARD, store)) {
            StoredOwnershipStore ownership = new StoredOwnershipStore(store);
            ownership.record("web.1", "testing");
            long before = store.commits();

            ownership.forget("web.1");

            LifecycleHarness.eventually(DEADLINE, () -> store.commits() > before, "the background flush commits the forgotten owner");
            assertThat(store.commits() - before).isEqualTo(1);
            assertThat(store.hasDeferred()).isFalse();
        }
        try (StateStore reopened = StateStore.open(StateStore.fileIn(dataDir))) {
            assertThat(reopened.owners()).isEmpty();
        }
    }
}

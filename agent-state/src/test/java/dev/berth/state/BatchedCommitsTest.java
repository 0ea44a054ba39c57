package dev.berth.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.event.AgentEvent;
import dev.berth.state.ownership.StoredOwnershipStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each commit is a WAL fsync: a step's writes share one, and history entries and forgotten owners ride on the next
 * commit instead of paying their own. {@link StateStore#commits()} makes the count observable. Reads outside a step
 * do not queue behind a commit.
 */
class BatchedCommitsTest
{
    @TempDir
    Path dataDir;

    @Test
    void aStepIsOneCommit()
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            long before = store.commits();
            store.inTransaction(() -> {
                store.putService(new ServiceRecord("web", "{}", 1, false, Instant.now()));
                store.putContainer(pending("web.1", "web"));
                store.recordOwner("web.1", "youki");
                store.deferEvent(event("container.create", "web.1"));
            });
            assertThat(store.commits() - before).isEqualTo(1);
            assertThat(store.recentEvents(10)).extracting(AgentEvent::type).containsExactly("container.create");

            store.putContainer(pending("web.2", "web"));
            assertThat(store.commits() - before).as("a write outside a block is a commit of its own").isEqualTo(2);
        }
    }

    @Test
    void historyAndForgottenOwnersRideOnTheNextCommit()
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            StoredOwnershipStore ownership = new StoredOwnershipStore(store);
            ownership.record("web.1", "youki");
            long before = store.commits();

            store.deferEvent(event("container.exit", "web.1"));
            ownership.forget("web.1");
            store.deferEvent(event("container.remove", "web.1"));

            assertThat(store.commits()).as("no commit of their own").isEqualTo(before);
            assertThat(store.hasDeferred()).isTrue();
            assertThat(store.recentEvents(10)).isEmpty();
            assertThat(store.owners()).as("a forgotten owner is gone for readers at once").isEmpty();
            assertThat(ownership.owner("web.1")).isEmpty();

            store.removeContainer("web.1");
            assertThat(store.commits() - before).isEqualTo(1);
            assertThat(store.hasDeferred()).isFalse();
            assertThat(store.recentEvents(10)).extracting(AgentEvent::type).containsExactly("container.exit", "container.remove");
        }
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            assertThat(store.owners()).as("the forget was committed").isEmpty();
            assertThat(store.recentEvents(10)).hasSize(2);
        }
    }

    @Test
    void aFailedStepWritesNoneOfItsRowsAndKeepsTheDeferredForTheNextCommit()
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            StoredOwnershipStore ownership = new StoredOwnershipStore(store);
            ownership.record("web.1", "youki");
            store.putService(new ServiceRecord("web", "{}", 1, false, Instant.now()));
            store.deferEvent(event("container.exit", "web.1"));
            ownership.forget("web.1");
            long before = store.commits();

            assertThatThrownBy(() -> store.inTransaction(() -> {
                store.removeService("web");
                store.putContainer(pending("web.2", "web"));
                store.deferEvent(event("service.remove", "web"));
                throw new IllegalStateException("the step failed half-way");
            })).hasMessage("the step failed half-way");

            assertThat(store.commits()).isEqualTo(before);
            assertThat(store.service("web")).as("the step's writes are all undone").isPresent();
            assertThat(store.container("web.2")).isEmpty();
            assertThat(store.recentEvents(10)).isEmpty();
            assertThat(store.owners()).isEmpty();

            store.flush();
            assertThat(store.commits() - before).isEqualTo(1);
            assertThat(store.recentEvents(10)).extracting(AgentEvent::type).as("the step's own event went with it").containsExactly("container.exit");
        }
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            assertThat(store.owners()).isEmpty();
        }
    }

    @Test
    void readsAndDeferredWritesDoNotWaitForAStepInProgress()
            throws Exception
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            store.putContainer(pending("web.1", "web"));
            CountDownLatch written = new CountDownLatch(1);
            CountDownLatch read = new CountDownLatch(1);
            CompletableFuture<Void> step = CompletableFuture.runAsync(() -> store.inTransaction(() -> {
                store.removeContainer("web.1");
                assertThat(store.container("web.1")).as("the step sees its own write").isEmpty();
                written.countDown();
                await(read);
            }));
            await(written);
            // the step holds the writer until this read is done: a read that queued behind it would never return
            Optional<ContainerRecord> seen = CompletableFuture.supplyAsync(() -> store.container("web.1")).get(10, TimeUnit.SECONDS);
            // nor does deferring a history entry queue behind it
            CompletableFuture.runAsync(() -> store.deferEvent(event("container.exit", "web.2"))).get(10, TimeUnit.SECONDS);
            read.countDown();
            step.get(10, TimeUnit.SECONDS);

            assertThat(seen).as("the last commit, not the step in progress").isPresent();
            assertThat(store.container("web.1")).as("the step's commit, once done").isEmpty();
            assertThat(store.hasDeferred()).as("deferred after the step had taken what waited").isTrue();
        }
    }

    @Test
    void closeCommitsWhatWaits()
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            store.recordOwner("web.1", "youki");
            store.forgetOwnerLater("web.1");
            store.deferEvent(event("container.remove", "web.1"));
        }
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            assertThat(store.owners()).isEqualTo(Map.of());
            assertThat(store.recentEvents(10)).extracting(AgentEvent::type).containsExactly("container.remove");
        }
    }

    @Test
    void writesDeferredOutsideABlockTellTheListeners()
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            AtomicInteger told = new AtomicInteger();
            store.addDeferredListener(told::incrementAndGet);
            store.recordOwner("web.1", "youki");

            store.forgetOwnerLater("web.1");
            store.deferEvent(event("container.remove", "web.1"));
            assertThat(told).as("a forgotten owner and a history entry wait for a commit").hasValue(2);

            store.inTransaction(() -> store.deferEvent(event("container.create", "web.2")));
            assertThat(told).as("written in the block, nothing waits").hasValue(2);
            assertThat(store.hasDeferred()).isFalse();
        }
    }

    private static ContainerRecord pending(String id, String service)
    {
        return ContainerRecord.pending(id, service, 1, "busybox", "NONE", "/logs/" + id);
    }

    private static void await(CountDownLatch latch)
    {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        }
        catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static AgentEvent event(String type, String subject)
    {
        return AgentEvent.of(type, subject, Map.of());
    }
}

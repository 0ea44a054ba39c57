package dev.berth.lifecycle;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.runtime.ContainerState;
import dev.berth.lifecycle.replica.ServiceSpecs;
import dev.berth.lifecycle.replica.Supervisor;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import dev.berth.state.ContainerRecord;
import dev.berth.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Two runs of one name at once: the name check at the start of a run reads the last commit, so both can pass it; the
 * run's own transaction checks again, and the second run fails without touching the first's records.
 */
class ConcurrentRunTest
{
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void twoRunsOfOneNameAtOnceExactlyOneWinsAndItsRecordIsIntact()
            throws Exception
    {
        TestingLifecycleBackend backend = new TestingLifecycleBackend();
        LifecycleHarness harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST);
        try {
            StateStore store = harness.store();
            List<ServiceDocument> documents = List.of(
                    document("{name: web, image: busybox:test, args: [sleep, first]}"),
                    document("{name: web, image: busybox:test, args: [sleep, second]}"));
            List<Thread> runners = new ArrayList<>();
            List<CompletableFuture<ContainerView>> runs = new ArrayList<>();
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch bothPastTheCheck = new CountDownLatch(1);
            // hold the store's writer, so neither run can commit before both have passed the check at their start
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> store.inTransaction(() -> {
                holding.countDown();
                await(bothPastTheCheck);
            }));
            await(holding);
            for (ServiceDocument document : documents) {
                CompletableFuture<ContainerView> run = new CompletableFuture<>();
                Thread runner = new Thread(() -> {
                    try {
                        run.complete(harness.manager().run(document));
                    }
                    catch (Throwable e) {
                        run.completeExceptionally(e);
                    }
                }, "run-" + runs.size());
                runs.add(run);
                runners.add(runner);
                runner.start();
            }
            // past the check, a run waits in the supervisor's launch: for the store's writer or for the first run
            LifecycleHarness.eventually(DEADLINE, () -> runners.stream().allMatch(ConcurrentRunTest::inLaunch),
                    "both runs passed the name check");
            bothPastTheCheck.countDown();
            holder.get(30, TimeUnit.SECONDS);

            List<ContainerView> won = new ArrayList<>();
            List<ServiceDocument> winners = new ArrayList<>();
            List<Throwable> lost = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                try {
                    won.add(runs.get(i).get(30, TimeUnit.SECONDS));
                    winners.add(documents.get(i));
                }
                catch (ExecutionException e) {
                    lost.add(e.getCause());
                }
            }
            assertThat(won).hasSize(1);
            String id = won.get(0).id();
            ContainerRecord record = store.container(id).orElseThrow();
            assertThat(record.state()).as("the winner's container, still recorded as running").isEqualTo(ContainerState.RUNNING);
            assertThat(record.failure()).isEmpty();
            assertThat(store.service("web").orElseThrow().document()).as("the winner's service").isEqualTo(ServiceSpecs.document(winners.get(0)));
            assertThat(backend.count("create", id)).as("the loser created nothing").isEqualTo(1);
            assertThat(backend.state(id).state()).isEqualTo(ContainerState.RUNNING);
            assertThat(lost).singleElement().isInstanceOf(CreateFailed.class)
                    .extracting(Throwable::getMessage).asString().contains("a service named 'web' already exists");
            assertThat(harness.eventTypes(id)).doesNotContain("container.fail");
        }
        finally {
            harness.close();
        }
    }

    private static boolean inLaunch(Thread thread)
    {
        return Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(Supervisor.class.getName()) && frame.getMethodName().equals("launch"));
    }

    private static void await(CountDownLatch latch)
    {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("not counted down within 30s");
            }
        }
        catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}

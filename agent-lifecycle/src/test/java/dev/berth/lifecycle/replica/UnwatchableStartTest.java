package dev.berth.lifecycle.replica;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.ErrorCode;
import dev.berth.core.error.Internal;
import dev.berth.core.runtime.ContainerState;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import dev.berth.state.ContainerRecord;
import dev.berth.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * A container that started but whose state cannot be read is killed rather than left running unmonitored, and stays
 * on record as FAILED with the error that made it unwatchable.
 */
class UnwatchableStartTest
{
    @TempDir
    Path dataDir;

    @Test
    void startedContainerWhoseStateCannotBeReadIsKilledAndKeptFailed()
    {
        TestingLifecycleBackend backend = new TestingLifecycleBackend();
        Internal unreadable = new Internal("reading the state of job.1: state.json: unexpected end of input");
        backend.failStatus("job.1", unreadable);
        LifecycleHarness harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST);
        try {
            assertThatThrownBy(() -> harness.manager().run(document("{name: job, image: busybox:test, args: [sleep]}")))
                    .isSameAs(unreadable);

            // killed, after its start, and not removed: its log and bundle stay with the FAILED record
            assertThat(backend.calls()).containsSubsequence("start:job.1", "kill:job.1");
            assertThat(backend.count("kill", "job.1")).isEqualTo(1);
            assertThat(backend.count("remove", "job.1")).isZero();
            assertThat(backend.list()).singleElement().satisfies(status -> {
                assertThat(status.id()).isEqualTo("job.1");
                assertThat(status.state()).as("no process left running unwatched").isEqualTo(ContainerState.EXITED);
            });

            ContainerRecord record = harness.store().container("job.1").orElseThrow();
            assertFailedWith(record, unreadable);
            assertThat(record.pid()).isEmpty();
            assertThat(harness.eventTypes("job.1")).containsSubsequence("container.create", "container.fail")
                    .doesNotContain("container.start", "container.running", "container.remove");
        }
        finally {
            harness.close();
        }
        // committed, not only visible to this agent
        try (StateStore reopened = StateStore.open(StateStore.fileIn(dataDir))) {
            assertFailedWith(reopened.container("job.1").orElseThrow(), unreadable);
        }
    }

    /** The store decodes the failure from its wire form: the same code and message, not the same instance. */
    private static void assertFailedWith(ContainerRecord record, Internal expected)
    {
        assertThat(record.state()).isEqualTo(ContainerState.FAILED);
        assertThat(record.failure()).get().satisfies(failure -> {
            assertThat(failure.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(failure).isInstanceOfSatisfying(Internal.class, internal -> assertThat(internal.message()).isEqualTo(expected.message()));
        });
    }
}

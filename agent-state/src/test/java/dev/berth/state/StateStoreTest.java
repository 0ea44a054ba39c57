package dev.berth.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.InitActionFailed;
import dev.berth.core.event.AgentEvent;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.MpsSettings;
import dev.berth.gpu.assign.GpuAssignment;
import dev.berth.state.ownership.StoredOwnershipStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

class StateStoreTest
{
    @TempDir
    Path dataDir;

    @Test
    void containerRecordSurvivesReopenWithEveryField()
    {
        Instant restart = Instant.ofEpochMilli(1_700_000_000_123L);
        ContainerRecord written = ContainerRecord.pending("web.1", "web", 1, "busybox", "STARTING", "/logs/web.1").toBuilder()
                .backend("youki")
                .state(ContainerState.FAILED)
                .imageDigest(Optional.of("sha256:abc"))
                .pid(OptionalLong.of(4242))
                .exitCode(OptionalInt.of(137))
                .oomKilled(true)
                .failure(Optional.of(new InitActionFailed("web.1", "tcp 127.0.0.1:8080 refused")))
                .restartCount(3)
                .restartTimes(List.of(restart))
                .nextRestartAt(Optional.of(restart.plusSeconds(4)))
                .started(Optional.of(restart.minusSeconds(1)))
                .finished(Optional.of(restart))
                .bundlePath("/bundles/web.1")
                .stoppedByUser(true)
                .startPhases(StartPhases.NONE.with(StartPhase.QUEUE, Duration.ofNanos(1_234_000)).with(StartPhase.PULL, Duration.ofMillis(812))
                        .withPull(4_194_304, false))
                .gpu(Optional.of(new GpuAssignment(GpuSharing.MPS, List.of("0"), List.of("/dev/nvidia0", "/dev/nvidiactl"),
                        Optional.of(new MpsSettings("/tmp/nvidia-mps", "/var/log/nvidia-mps", OptionalInt.of(50), Optional.of("2G"))),
                        OptionalInt.empty(), List.of("device /dev/nvidia0 is gone from local host"), restart)))
                .build();
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            store.putContainer(written);
        }
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            ContainerRecord read = store.container("web.1").orElseThrow();
            assertThat(read.failure()).get().isInstanceOf(InitActionFailed.class);
            assertThat(((InitActionFailed) read.failure().get()).reason()).isEqualTo("tcp 127.0.0.1:8080 refused");
            assertThat(read.toBuilder().failure(Optional.empty()).build())
                    .isEqualTo(written.toBuilder().failure(Optional.empty()).build());
            assertThat(store.containersOf("web")).hasSize(1);
            store.removeContainer("web.1");
            assertThat(store.containers()).isEmpty();
        }
    }

    @Test
    void servicesOwnershipAndEventsPersist()
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            store.putService(new ServiceRecord("web", "{\"name\":\"web\"}", 2, false, Instant.ofEpochMilli(5)));
            StoredOwnershipStore ownership = new StoredOwnershipStore(store);
            ownership.record("web.1", "youki");
            ownership.record("web.2", "youki");
            ownership.forget("web.2");
            store.appendEvent(new AgentEvent(Instant.ofEpochMilli(7), "container.start", "web.1", Map.of("backend", "youki")));
        }
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            assertThat(store.service("web")).contains(new ServiceRecord("web", "{\"name\":\"web\"}", 2, false, Instant.ofEpochMilli(5)));
            assertThat(new StoredOwnershipStore(store).all()).isEqualTo(Map.of("web.1", "youki"));
            assertThat(store.recentEvents(10)).containsExactly(
                    new AgentEvent(Instant.ofEpochMilli(7), "container.start", "web.1", Map.of("backend", "youki")));
        }
    }

    @Test
    void failedTransactionWritesNothing()
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            try {
                store.inTransaction(() -> {
                    store.putService(new ServiceRecord("a", "{}", 1, false, Instant.now()));
                    throw new IllegalStateException("boom");
                });
            }
            catch (IllegalStateException expected) {
                // the transaction must roll back
            }
            assertThat(store.services()).isEmpty();
        }
    }

    @Test
    void anErrorInABlockRollsItBackAndTheNextWriteCommits()
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            assertThatThrownBy(() -> store.inTransaction(() -> {
                store.putService(new ServiceRecord("a", "{}", 1, false, Instant.now()));
                throw new AssertionError("an Error half-way through the block");
            })).isInstanceOf(AssertionError.class).hasMessage("an Error half-way through the block");

            // left open, the transaction would make this write's BEGIN fail
            store.putService(new ServiceRecord("b", "{}", 1, false, Instant.now()));

            assertThat(store.services()).extracting(ServiceRecord::name).containsExactly("b");
        }
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            assertThat(store.services()).extracting(ServiceRecord::name).containsExactly("b");
        }
    }
}

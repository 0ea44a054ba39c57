package dev.berth.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

class RolloutStoreTest
{
    @TempDir
    Path dataDir;

    @Test
    void rolloutAndRevisionsSurviveReopenWithEveryField()
    {
        Instant when = Instant.ofEpochMilli(1_700_000_000_123L);
        Rollout written = new Rollout("web", 2, 3, Rollout.State.ROLLING_BACK, 1, 3, "web.2: exited with code 1", Map.of(1, 3L, 2, 3L), when);
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            store.putRevision(new ServiceRevision("web", 2, "{\"image\":\"a\"}", when));
            store.putRevision(new ServiceRevision("web", 3, "{\"image\":\"b\"}", when));
            store.putRollout(written);
        }
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            assertThat(store.rollout("web")).contains(written);
            assertThat(store.rollouts()).containsExactly(written);
            assertThat(store.revision("web", 2).orElseThrow().document()).isEqualTo("{\"image\":\"a\"}");
            assertThat(store.revision("web", 3).orElseThrow().document()).isEqualTo("{\"image\":\"b\"}");
            assertThat(written.current()).as("rolling back: the service heads to the old revision").isEqualTo(2);
            assertThat(written.unsettled()).isTrue();
        }
    }

    @Test
    void replicasBackAtTheOldRevisionLeaveTheMap()
    {
        Rollout rollout = new Rollout("web", 1, 2, Rollout.State.ROLLING, 0, 2, "", Map.of(), Instant.now());
        Rollout updated = rollout.withReplica(1, 2).withReplica(2, 2).withReplica(1, 1);
        assertThat(updated.replicas()).isEqualTo(Map.of(2, 2L));
    }

    @Test
    void oldRevisionsArePrunedAndRemovingTheServiceRemovesItsHistory()
    {
        try (StateStore store = StateStore.open(StateStore.fileIn(dataDir))) {
            for (long revision = 1; revision <= RolloutRows.KEPT_REVISIONS + 2; revision++) {
                store.putRevision(new ServiceRevision("web", revision, "{}", Instant.now()));
            }
            assertThat(store.revision("web", 2)).isEmpty();
            assertThat(store.revision("web", 3)).isPresent();
            store.putService(new ServiceRecord("web", "{}", 1, false, Instant.now()));
            store.putRollout(new Rollout("web", 1, 2, Rollout.State.DONE, 1, 1, "", Map.of(), Instant.now()));
            store.removeService("web");
            assertThat(store.rollout("web")).isEmpty();
            assertThat(store.revision("web", 12)).isEmpty();
        }
    }
}

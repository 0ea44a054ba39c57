package dev.berth.oci.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.Internal;
import dev.berth.core.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

class ContainerStoreTest
{
    @TempDir
    Path stateDir;

    @Test
    void deleteThatIsCutShortKeepsTheRecordSoTheRemovalCanBeFinished()
            throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("chattr");
        ContainerStore store = new ContainerStore(stateDir);
        ContainerPaths paths = store.paths("cut-short");
        store.save(new ContainerRecord("cut-short", "svc", "busybox", Instant.now(), Optional.empty(), Map.of(), Optional.empty()));
        Files.writeString(paths.containerPidFile(), "4242");
        Files.createDirectories(paths.bundle());
        // a file that will not go stands for the deletion being cut short (a crash, conmon writing into it)
        Path stuck = Files.writeString(paths.bundle().resolve("config.json"), "{}");
        chattr("+i", stuck);
        try {
            assertThatThrownBy(() -> store.delete("cut-short")).isInstanceOf(Internal.class).hasMessageContaining(paths.directory().toString());
            assertThat(store.exists("cut-short")).as("the record outlives every other file").isTrue();
            assertThat(store.ids()).containsExactly("cut-short");
            assertThat(paths.containerPidFile()).doesNotExist();
        }
        finally {
            chattr("-i", stuck);
        }
        store.delete("cut-short");
        assertThat(paths.directory()).doesNotExist();
        assertThat(store.leftover("cut-short")).isFalse();
    }

    @Test
    void aDirectoryWithoutItsRecordIsALeftover()
            throws IOException
    {
        ContainerStore store = new ContainerStore(stateDir);
        assertThat(store.leftover("never")).isFalse();
        Files.createDirectories(store.paths("old").directory());
        Files.writeString(store.paths("old").containerPidFile(), "4242");
        assertThat(store.leftover("old")).isTrue();
        assertThat(store.ids()).isEmpty();
    }

    private static void chattr(String flag, Path file)
            throws IOException, InterruptedException
    {
        Process process = new ProcessBuilder("chattr", flag, file.toString()).inheritIO().start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Requirements.require(process.exitValue() == 0, "chattr " + flag + " on " + file.getParent() + "'s file system");
    }
}

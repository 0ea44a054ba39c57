package dev.berth.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.berth.core.error.Errno;
import dev.berth.core.error.StorageFull;
import dev.berth.core.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A full disk is a clear StorageFull error with ENOSPC (not a configuration error), and the store still opens with every write made before.
 * The "disk" is a 512 KiB tmpfs mounted over a temp dir for the test (root needed), unmounted afterwards.
 */
class DiskFullTest
{
    @TempDir
    Path directory;

    @Test
    void fullDiskIsAClearErrorAndTheStoreStaysUsable()
            throws Exception
    {
        Requirements.requireRoot();
        Path mount = Files.createDirectories(directory.resolve("small"));
        run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount.toString());
        try {
            Path file = StateStore.fileIn(mount);
            Path ballast = mount.resolve("ballast");
            Files.write(ballast, new byte[128 * 1024]);
            List<String> written = new ArrayList<>();
            Throwable failure;
            try (StateStore store = StateStore.open(file)) {
                String padding = "x".repeat(4096);
                failure = catchThrowable(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        store.putService(new ServiceRecord("svc-" + i, "{\"pad\":\"" + padding + "\"}", 1, false, Instant.now()));
                        written.add("svc-" + i);
                    }
                });
            }
            assertThat(failure).isInstanceOfSatisfying(StorageFull.class, error -> {
                assertThat(error.getMessage()).contains("is full").contains(file.toString());
                assertThat(error.errno()).hasValue(Errno.ENOSPC);
            });
            assertThat(written).isNotEmpty();

            // a transaction whose failed write its caller swallows still reports the full disk, not a failed commit
            try (StateStore store = StateStore.open(file)) {
                String padding = "y".repeat(64 * 1024);
                Throwable blocked = catchThrowable(() -> store.inTransaction(() -> {
                    for (int i = 0; i < 100; i++) {
                        try {
                            store.putService(new ServiceRecord("tx-" + i, "{\"pad\":\"" + padding + "\"}", 1, false, Instant.now()));
                        }
                        catch (StorageFull swallowed) {
                            // the caller goes on, as a lifecycle step that records a failure would
                        }
                    }
                }));
                assertThat(blocked).isInstanceOfSatisfying(StorageFull.class, error -> {
                    assertThat(error.getMessage()).contains("is full");
                    assertThat(error.errno()).hasValue(Errno.ENOSPC);
                });
                assertThat(store.services()).extracting(ServiceRecord::name).noneMatch(name -> name.startsWith("tx-"));
            }

            // the operator frees space; the store opens with every acknowledged write and takes new ones
            Files.delete(ballast);
            try (StateStore store = StateStore.open(file)) {
                assertThat(store.services()).extracting(ServiceRecord::name).containsAll(written);
                store.putService(new ServiceRecord("after", "{}", 1, false, Instant.now()));
                assertThat(store.service("after")).isPresent();
            }
        }
        finally {
            run("umount", mount.toString());
        }
    }

    private static void run(String... command)
            throws Exception
    {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + new String(process.getInputStream().readAllBytes())).isZero();
    }
}

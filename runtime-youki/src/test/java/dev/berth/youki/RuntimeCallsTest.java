package dev.berth.youki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.testing.Requirements;
import dev.berth.youki.config.YoukiConfig;
import dev.berth.oci.testing.Specs;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Which runtime calls the backend makes, counted by a wrapper around runc that logs each subcommand: a started
 * container with a live conmon is answered from disk (no {@code runc state}), and a listing is one {@code runc list}
 * however many containers there are, including ones only the runtime knows.
 */
class RuntimeCallsTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    @Test
    void startedContainersAreAnsweredFromDiskAndAListingIsOneCall()
            throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        Path calls = directory.resolve("calls");
        Path wrapper = Files.writeString(directory.resolve("runc-counting"), """
                #!/bin/sh
                for arg in "$@"; do
                    case "$arg" in -*) ;; *) echo "$arg" >> '%s'; break ;; esac
                done
                exec /usr/sbin/runc "$@"
                """.formatted(calls));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        try (YoukiHarness harness = YoukiHarness.create(TestFlavor.RUNC, Map.of(YoukiConfig.BINARY.name(), wrapper.toString()))) {
            RuntimeBackend backend = harness.backend();
            String sleeper = "rc-sleeper";
            String quick = "rc-quick";
            backend.create(new ContainerRequest(sleeper, Specs.of("sleeper", "sleep", "300"), harness.busybox(), Map.of()));
            backend.start(sleeper);
            backend.create(new ContainerRequest(quick, Specs.of("quick", "true"), harness.busybox(), Map.of()));
            backend.start(quick);
            // a container only the runtime knows: created through another state dir on the same root
            Path otherState = Files.createDirectories(harness.stateDir().resolveSibling(harness.stateDir().getFileName() + "-other"));
            try (YoukiHarness other = YoukiHarness.reopen(TestFlavor.RUNC, otherState, harness.root())) {
                other.backend().create(new ContainerRequest("rc-orphan", Specs.of("orphan", "sleep", "300"), harness.busybox(), Map.of()));
                Files.deleteIfExists(calls);

                // what the lifecycle asks right after start, until the container runs or has exited
                assertThat(backend.state(sleeper).state()).isEqualTo(ContainerState.RUNNING);
                ContainerStatus exited = awaitExited(backend, quick);
                assertThat(exited.exit()).hasValueSatisfying(exit -> assertThat(exit.code()).isZero());
                List<ContainerStatus> listed = backend.list();
                assertThat(listed).extracting(ContainerStatus::id, ContainerStatus::state).contains(
                        org.assertj.core.groups.Tuple.tuple(sleeper, ContainerState.RUNNING),
                        org.assertj.core.groups.Tuple.tuple(quick, ContainerState.EXITED),
                        org.assertj.core.groups.Tuple.tuple("rc-orphan", ContainerState.CREATED));
                assertThat(subcommands(calls)).as("runtime calls for two states and a listing of three").containsExactly("list");

                other.backend().remove("rc-orphan", true);
                backend.remove(sleeper, true);
                backend.remove(quick, true);
            }
            finally {
                try (var walk = Files.walk(otherState)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    private static ContainerStatus awaitExited(RuntimeBackend backend, String id)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            ContainerStatus status = backend.state(id);
            if (status.state() == ContainerState.EXITED || System.nanoTime() > deadline) {
                assertThat(status.state()).isEqualTo(ContainerState.EXITED);
                return status;
            }
            Thread.sleep(20);
        }
    }

    private static List<String> subcommands(Path calls)
            throws IOException
    {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }
}

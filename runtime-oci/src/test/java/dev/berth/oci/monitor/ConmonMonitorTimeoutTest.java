package dev.berth.oci.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.Timeout;
import dev.berth.oci.runtime.OciFlavor;
import dev.berth.oci.runtime.OciRuntime;
import dev.berth.oci.runtime.OciRuntimeSettings;
import dev.berth.oci.process.LocalCommandTransport;
import dev.berth.oci.process.ProcessTree;
import dev.berth.oci.state.ContainerPaths;
import dev.berth.oci.state.ContainerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A create that hangs under its monitor: on timeout the monitor and the hung create are killed (nothing keeps running
 * that nobody watches), every file stays, and the error names what was killed. The monitor is a stand-in for conmon:
 * it daemonizes like conmon, records its pid, and its "runtime create" never ends.
 */
class ConmonMonitorTimeoutTest
{
    @TempDir
    Path directory;

    @Test
    void aCreateThatTimesOutKillsItsMonitorAndTheHungCreateAndKeepsTheFiles()
            throws Exception
    {
        Path conmon = Files.writeString(directory.resolve("conmon"), """
                #!/bin/sh
                while [ $# -gt 0 ]; do
                  case "$1" in --conmon-pidfile) pidfile="$2"; shift;; esac
                  shift
                done
                setsid sh -c 'echo $$ > "$0"; sleep 3600 & echo $! > "$0.child"; wait' "$pidfile" </dev/null >/dev/null 2>&1 &
                while [ ! -s "$pidfile.child" ]; do sleep 0.01; done
                """);
        Files.setPosixFilePermissions(conmon, PosixFilePermissions.fromString("rwx------"));
        ContainerPaths paths = new ContainerStore(directory.resolve("state")).paths("hung");
        Files.createDirectories(paths.directory());
        Files.writeString(paths.record(), "{}");
        LocalCommandTransport transport = new LocalCommandTransport();
        OciRuntime runtime = new OciRuntime(transport, new OciRuntimeSettings("/usr/sbin/runc", OciFlavor.RUNC, directory.resolve("root").toString(),
                id -> paths.runtimeLog().toString(), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        ConmonMonitor monitor = new ConmonMonitor(transport, runtime,
                new ConmonSettings(conmon.toString(), "/usr/sbin/runc", directory.resolve("sockets"), 0, Duration.ofSeconds(1)));

        assertThatThrownBy(() -> monitor.create(paths, false))
                .isInstanceOfSatisfying(Timeout.class, timeout -> assertThat(timeout.getCause().getMessage())
                        .contains("was not created", "was killed with its children", "sleep 3600", paths.directory().toString()));

        long monitorPid = pid(paths.conmonPidFile());
        long createPid = pid(paths.conmonPidFile().resolveSibling("conmon.pid.child"));
        assertThat(ProcessTree.awaitGone(monitorPid, Duration.ofSeconds(5))).as("the monitor %s is killed", monitorPid).isTrue();
        assertThat(ProcessTree.awaitGone(createPid, Duration.ofSeconds(5))).as("the hung create %s is killed", createPid).isTrue();
        assertThat(List.of(paths.conmonPidFile(), paths.record(), paths.exitDir(), paths.persistDir()))
                .as("nothing is deleted on failure").allMatch(Files::exists);
    }

    private static long pid(Path file)
            throws IOException
    {
        return Long.parseLong(Files.readString(file).strip());
    }
}

package dev.berth.node.marker;

import dev.berth.core.error.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PidMarkerTest
{
    @TempDir
    Path dataDir;

    private Process other;

    @AfterEach
    void stopOther()
    {
        if (other != null) {
            other.destroyForcibly();
        }
    }

    private long startOther()
            throws Exception
    {
        other = new ProcessBuilder("sleep", "60").start();
        return other.pid();
    }

    private void writeMarker(long pid, long startTime)
            throws Exception
    {
        Files.writeString(dataDir.resolve(PidMarker.FILE_NAME), "{\"pid\":" + pid + ",\"startTime\":" + startTime + "}");
    }

    @Test
    void noMarkerIsACleanStartAndWritesOurs()
            throws Exception
    {
        PidMarker marker = new PidMarker(dataDir, ProcessTable.system());
        long self = ProcessHandle.current().pid();
        MarkerOutcome outcome = marker.acquire(self);
        assertThat(outcome.previousCrashed()).isFalse();
        assertThat(Files.readString(marker.file())).contains("\"pid\":" + self);
        marker.release(self);
        assertThat(marker.file()).doesNotExist();
    }

    @Test
    void liveAgentWithTheSameStartTimeIsRefusedNamingItsPid()
            throws Exception
    {
        long pid = startOther();
        long startTime = ProcessTable.system().startTime(pid).orElseThrow();
        writeMarker(pid, startTime);
        PidMarker marker = new PidMarker(dataDir, ProcessTable.system());
        assertThatThrownBy(() -> marker.acquire(ProcessHandle.current().pid()))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("PID " + pid);
        // Refused: the live agent's marker is left alone.
        assertThat(Files.readString(marker.file())).contains("\"pid\":" + pid);
    }

    @Test
    void recycledPidIsACrashEvenThoughTheProcessIsAlive()
            throws Exception
    {
        long pid = startOther();
        long startTime = ProcessTable.system().startTime(pid).orElseThrow();
        writeMarker(pid, startTime - 1);
        PidMarker marker = new PidMarker(dataDir, ProcessTable.system());
        MarkerOutcome outcome = marker.acquire(ProcessHandle.current().pid());
        assertThat(outcome.previousCrashed()).isTrue();
        assertThat(outcome.previousPid()).hasValue(pid);
        assertThat(outcome.reason()).contains("recycled");
    }

    @Test
    void deadPidIsACrash()
            throws Exception
    {
        long pid = startOther();
        long startTime = ProcessTable.system().startTime(pid).orElseThrow();
        other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        writeMarker(pid, startTime);
        MarkerOutcome outcome = new PidMarker(dataDir, ProcessTable.system()).acquire(ProcessHandle.current().pid());
        assertThat(outcome.previousCrashed()).isTrue();
        assertThat(outcome.reason()).contains("gone");
    }

    @Test
    void tornMarkerIsACrash()
            throws Exception
    {
        Files.writeString(dataDir.resolve(PidMarker.FILE_NAME), "{\"pid\":12");
        MarkerOutcome outcome = new PidMarker(dataDir, ProcessTable.system()).acquire(ProcessHandle.current().pid());
        assertThat(outcome.previousCrashed()).isTrue();
    }

    @Test
    void secondHolderInTheSameProcessIsRefusedByTheLock()
    {
        long self = ProcessHandle.current().pid();
        PidMarker first = new PidMarker(dataDir, ProcessTable.system());
        first.acquire(self);
        try {
            // Same PID and start time as the marker: indistinguishable from a live agent, so refused.
            assertThatThrownBy(() -> new PidMarker(dataDir, ProcessTable.system()).acquire(self))
                    .isInstanceOf(Configuration.class)
                    .hasMessageContaining("another berth agent");
        }
        finally {
            first.release(self);
        }
    }
}

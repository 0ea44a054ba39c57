package dev.berth.node.marker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.Configuration;
import dev.berth.core.error.Internal;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The one-agent-per-data-dir marker, {@code <data-dir>/agent.pid}: JSON holding the agent's PID and its process
 * start time. At start: no marker is a clean start; a marker whose process is alive with the same start time is a
 * running agent, and this one refuses; a dead or recycled PID (alive, different start time) means the previous
 * agent crashed.
 */
public final class PidMarker
{
    private static final Logger log = LogManager.getLogger(PidMarker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FILE_NAME = "agent.pid";

    private final Path file;
    private final ProcessTable processes;
    private FileChannel lockChannel;

    public PidMarker(Path dataDir, ProcessTable processes)
    {
        this.file = requireNonNull(dataDir, "dataDir is null").resolve(FILE_NAME);
        this.processes = requireNonNull(processes, "processes is null");
    }

    public Path file()
    {
        return file;
    }

    /**
     * Decides from the existing marker, then writes this process's own.
     *
     * @throws Configuration when another live agent holds the data dir, naming its PID
     */
    public synchronized MarkerOutcome acquire(long ownPid)
    {
        lockDataDir();
        MarkerOutcome outcome = inspect(ownPid);
        long startTime = processes.startTime(ownPid)
                .orElseThrow(() -> new Internal("cannot read the start time of this process (PID " + ownPid + ") from /proc"));
        ObjectNode marker = JSON.createObjectNode();
        marker.put("pid", ownPid);
        marker.put("startTime", startTime);
        marker.put("started", Instant.now().toString());
        writeAtomically(marker.toString());
        return outcome;
    }

    /**
     * An advisory lock held for the agent's life closes the race of two agents starting together: the loser then
     * reads the winner's marker to name its PID.
     */
    private void lockDataDir()
    {
        Path lockFile = file.resolveSibling("agent.lock");
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock();
            }
            catch (java.nio.channels.OverlappingFileLockException e) {
                // This JVM already holds it (an agent embedded twice in one process).
                lock = null;
            }
            if (lock == null) {
                channel.close();
                MarkerOutcome seen = inspect(-1);
                throw new Configuration("another berth agent"
                        + (seen.previousPid().isPresent() ? " (PID " + seen.previousPid().getAsLong() + ")" : "")
                        + " is running on data dir " + file.getParent() + "; stop it first or use another --data-dir");
            }
            lockChannel = channel;
        }
        catch (IOException e) {
            throw new Internal("cannot lock " + lockFile + ": " + e.getMessage(), e, null);
        }
    }

    MarkerOutcome inspect(long ownPid)
    {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (NoSuchFileException e) {
            return MarkerOutcome.clean();
        }
        catch (IOException e) {
            throw new Internal("cannot read the PID marker " + file + ": " + e.getMessage(), e, null);
        }
        long pid;
        long recordedStart;
        try {
            JsonNode node = JSON.readTree(text);
            pid = node.path("pid").asLong(-1);
            recordedStart = node.path("startTime").asLong(-1);
        }
        catch (IOException e) {
            pid = -1;
            recordedStart = -1;
        }
        if (pid <= 0) {
            // A marker torn by a crash mid-write cannot name a live agent: the write is atomic, so this is debris.
            return new MarkerOutcome(true, OptionalLong.empty(), "unreadable PID marker " + file + ": previous agent crashed");
        }
        if (pid == ownPid) {
            return new MarkerOutcome(true, OptionalLong.of(pid), "PID marker names this process's own PID: previous agent crashed");
        }
        OptionalLong liveStart = processes.startTime(pid);
        if (liveStart.isEmpty()) {
            return new MarkerOutcome(true, OptionalLong.of(pid), "previous agent (PID " + pid + ") is gone: it crashed");
        }
        if (liveStart.getAsLong() != recordedStart) {
            return new MarkerOutcome(true, OptionalLong.of(pid), "PID " + pid + " was recycled by another process ("
                    + describe(pid) + "): the previous agent crashed");
        }
        throw new Configuration("another berth agent (PID " + pid + ") is running on data dir " + file.getParent()
                + "; stop it first or use another --data-dir");
    }

    private String describe(long pid)
    {
        String command = processes.commandLine(pid);
        return command.isEmpty() ? "unknown command" : command.length() > 80 ? command.substring(0, 80) + "…" : command;
    }

    /** Removes the marker if it is still this process's own (a clean stop). */
    public synchronized void release(long ownPid)
    {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (JSON.readTree(text).path("pid").asLong(-1) == ownPid) {
                Files.delete(file);
                log.info("removed PID marker {}", file);
            }
        }
        catch (NoSuchFileException e) {
            // Nothing to remove.
        }
        catch (IOException e) {
            log.warn("cannot remove PID marker {}: {}", file, e.getMessage());
        }
        if (lockChannel != null) {
            try {
                lockChannel.close();
            }
            catch (IOException e) {
                log.debug("closing the data dir lock: {}", e.getMessage());
            }
            lockChannel = null;
        }
    }

    private void writeAtomically(String content)
    {
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException e) {
            throw new Internal("cannot write the PID marker " + file + ": " + e.getMessage(), e, null);
        }
    }
}

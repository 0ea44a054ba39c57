package dev.berth.wsl2;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Internal;
import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.wsl2.distro.DistroLayout;
import dev.berth.wsl2.distro.DistroMonitor;
import dev.berth.wsl2.transport.DistroTransport;
import dev.berth.oci.logs.K8sLogReader;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A container's k8s-file log, read inside the distro and mirrored into a local temp file that runtime-oci's
 * reader parses. Following, each poll first asks conmon whether the container exited, then copies the bytes the
 * log gained since the last poll ({@code tail -c} bounded by the size {@code stat} saw), so no line written
 * before the exit is missed. conmon's rotation (the file shrinking) restarts the copy from the new file's start.
 */
final class DistroLogs
        implements LogReader
{
    private static final long SYNC_MILLIS = 200;
    private static final String FETCH = "size=$(stat -c %s \"$1\" 2>/dev/null) || { echo 0; exit 0; }; "
            + "from=$2; if [ \"$size\" -lt \"$from\" ]; then from=0; fi; echo \"$size $from\"; "
            + "tail -c +$((from + 1)) \"$1\" | head -c $((size - from))";

    private final DistroTransport transport;
    private final DistroMonitor monitor;
    private final String id;
    private final String remote;
    private final Duration timeout;
    private final Path copy;
    private final K8sLogReader reader;
    private long offset;
    private long lastSync;

    private DistroLogs(DistroTransport transport, DistroMonitor monitor, DistroLayout layout, String id, Duration timeout, LogOptions options)
            throws IOException
    {
        this.transport = requireNonNull(transport, "transport is null");
        this.monitor = requireNonNull(monitor, "monitor is null");
        this.id = requireNonNull(id, "id is null");
        this.remote = layout.log(id);
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.copy = Files.createTempFile("berth-wsl2-log-", ".log");
        sync();
        this.reader = new K8sLogReader(copy, options, this::exitedAfterSync);
    }

    static LogReader open(DistroTransport transport, DistroMonitor monitor, DistroLayout layout, String id, Duration timeout, LogOptions options)
    {
        try {
            return new DistroLogs(transport, monitor, layout, id, timeout, options);
        }
        catch (IOException e) {
            throw new Internal("cannot stage the log of '" + id + "' for reading", e);
        }
    }

    /** Whether the container had exited before the bytes were copied: then nothing more will come. */
    private boolean exitedAfterSync()
    {
        long now = System.nanoTime() / 1_000_000;
        if (now - lastSync < SYNC_MILLIS) {
            return false;
        }
        boolean exited = monitor.look(id).exit().isPresent();
        sync();
        return exited;
    }

    private void sync()
    {
        lastSync = System.nanoTime() / 1_000_000;
        CommandResult result = transport.run(Command.of(timeout, List.of("sh", "-c", FETCH, "sh", remote, Long.toString(offset))));
        if (!result.succeeded()) {
            throw new Internal("cannot read the log of '" + id + "' in " + transport.describe() + ": " + result.stderr().strip());
        }
        String output = result.stdout();
        int newline = output.indexOf('\n');
        String[] header = (newline < 0 ? output : output.substring(0, newline)).strip().split(" ");
        if (header.length < 2) {
            return; // no log yet
        }
        long size = Long.parseLong(header[0]);
        long from = Long.parseLong(header[1]);
        byte[] bytes = output.substring(newline + 1).getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(copy, bytes, from < offset ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        }
        catch (IOException e) {
            throw new Internal("cannot mirror the log of '" + id + "' into " + copy, e);
        }
        offset = size;
    }

    @Override
    public boolean hasNext()
    {
        return reader.hasNext();
    }

    @Override
    public LogLine next()
    {
        return reader.next();
    }

    @Override
    public void close()
    {
        reader.close();
        try {
            Files.deleteIfExists(copy);
        }
        catch (IOException e) {
            // a temp file left behind is harmless
        }
    }
}

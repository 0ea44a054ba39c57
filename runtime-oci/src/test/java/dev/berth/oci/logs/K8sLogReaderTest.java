package dev.berth.oci.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.LogStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

class K8sLogReaderTest
{
    @TempDir
    Path directory;

    @Test
    void parsesConmonLines()
    {
        assertThat(K8sLogEntry.parse("2026-11-22T02:03:41.001790424+00:00 stdout F hi there"))
                .contains(new K8sLogEntry(Instant.parse("2026-11-22T02:03:41.001790424Z"), LogStream.STDOUT, false, "hi there"));
        assertThat(K8sLogEntry.parse("2026-11-22T02:03:41.001790424+00:00 stderr P ")).map(K8sLogEntry::partial).contains(true);
        assertThat(K8sLogEntry.parse("2026-11-22T02:03:41.001790424+00:00 stdout F")).map(K8sLogEntry::text).contains("");
        assertThat(K8sLogEntry.parse("not a log line")).isEmpty();
        assertThat(K8sLogEntry.parse("2026-11-22T02:03:41Z stdin F x")).isEmpty();
    }

    @Test
    void joinsPartialLinesPerStreamAndTails()
            throws IOException
    {
        Path log = directory.resolve("container.log");
        Files.writeString(log, """
                2026-11-22T02:03:41.1+00:00 stdout P hel
                2026-11-22T02:03:41.2+00:00 stderr F oops
                2026-11-22T02:03:41.3+00:00 stdout F lo
                2026-11-22T02:03:41.4+00:00 stdout F second
                """);
        assertThat(read(log, LogOptions.ALL)).extracting(LogLine::text).containsExactly("oops", "hello", "second");
        assertThat(read(log, new LogOptions(false, 1))).extracting(LogLine::text).containsExactly("second");
        assertThat(read(log, new LogOptions(false, 0))).isEmpty();
    }

    @Test
    void followSeesNewLinesAndRotationAndEndsWhenTheContainerExits()
            throws Exception
    {
        Path log = directory.resolve("container.log");
        Files.writeString(log, "2026-11-22T02:03:41.1+00:00 stdout F one\n");
        AtomicBoolean exited = new AtomicBoolean();
        CompletableFuture<List<String>> followed = CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try (LogReader reader = new K8sLogReader(log, new LogOptions(true, -1), exited::get)) {
                reader.forEachRemaining(line -> lines.add(line.text()));
            }
            return lines;
        });
        Thread.sleep(200);
        Files.writeString(log, "2026-11-22T02:03:42.1+00:00 stdout F two\n", StandardOpenOption.APPEND);
        Thread.sleep(200);
        // conmon past --log-size-max: a new, smaller file replaces the old one
        Path rotated = directory.resolve("container.log.tmp");
        Files.writeString(rotated, "2026-11-22T02:03:43.1+00:00 stdout F three\n");
        Files.move(rotated, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(200);
        exited.set(true);
        assertThat(followed.get(10, TimeUnit.SECONDS)).containsExactly("one", "two", "three");
    }

    @Test
    void missingFileIsEmpty()
    {
        assertThat(read(directory.resolve("absent.log"), LogOptions.ALL)).isEmpty();
    }

    private static List<LogLine> read(Path log, LogOptions options)
    {
        List<LogLine> lines = new ArrayList<>();
        try (LogReader reader = new K8sLogReader(log, options, () -> true)) {
            reader.forEachRemaining(lines::add);
        }
        return lines;
    }
}

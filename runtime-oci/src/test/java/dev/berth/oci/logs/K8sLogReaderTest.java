package dev.berth.oci.logs;

import static dev.berth.core.testing.Eventually.eventually;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<List<String>> followed = CompletableFuture.supplyAsync(() -> {
            try (LogReader reader = new K8sLogReader(log, new LogOptions(true, -1), exited::get)) {
                reader.forEachRemaining(line -> seen.add(line.text()));
            }
            return seen;
        });
        // each step once the reader has shown the one before: a line appended while it follows, then a rotation
        eventually(Duration.ofSeconds(10), () -> seen.contains("one"), "the first line read");
        Files.writeString(log, "2026-11-22T02:03:42.1+00:00 stdout F two\n", StandardOpenOption.APPEND);
        eventually(Duration.ofSeconds(10), () -> seen.contains("two"), "the appended line followed");
        // conmon past --log-size-max: a new, smaller file replaces the old one
        Path rotated = directory.resolve("container.log.tmp");
        Files.writeString(rotated, "2026-11-22T02:03:43.1+00:00 stdout F three\n");
        Files.move(rotated, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        eventually(Duration.ofSeconds(10), () -> seen.contains("three"), "the rotated file followed");
        exited.set(true);
        assertThat(followed.get(10, TimeUnit.SECONDS)).containsExactly("one", "two", "three");
    }

    @Test
    void rotationKeepsWhatWasWrittenToTheOldFileAfterTheLastRead()
            throws IOException
    {
        // seq 1 1000000 lost 600,000 lines: the reader reopened the path, and the old file's unread end went with it
        Path log = directory.resolve("container.log");
        Files.writeString(log, entry(1) + entry(2));
        AtomicBoolean exited = new AtomicBoolean();
        try (LogReader reader = new K8sLogReader(log, new LogOptions(true, -1), exited::get)) {
            assertThat(reader.next().text()).isEqualTo("1");
            assertThat(reader.next().text()).isEqualTo("2");
            Files.writeString(log, entry(3), StandardOpenOption.APPEND);
            rotate(log, entry(4));
            exited.set(true);
            List<String> rest = new ArrayList<>();
            reader.forEachRemaining(line -> rest.add(line.text()));
            assertThat(rest).containsExactly("3", "4");
        }
    }

    @Test
    void filesRotatedAwayUnreadAreCountedWhereTheyWereLost()
            throws IOException
    {
        Path log = directory.resolve("container.log");
        Files.writeString(log, entry(1));
        AtomicBoolean exited = new AtomicBoolean();
        int files = LogFilePinner.MAX_HELD * 3;
        try (LogReader reader = new K8sLogReader(log, new LogOptions(true, -1), exited::get)) {
            assertThat(reader.next().text()).isEqualTo("1");
            // a stalled client: conmon fills and replaces far more files than the reader holds for it
            for (int number = 2; number <= files; number++) {
                rotate(log, entry(number));
            }
            exited.set(true);
            List<LogLine> rest = new ArrayList<>();
            reader.forEachRemaining(rest::add);
            // each file holds one line: the files announced as lost are exactly the lines missing, in order
            int previous = 1;
            long announced = 0;
            long missing = 0;
            for (LogLine line : rest) {
                java.util.regex.Matcher lost = java.util.regex.Pattern.compile("\\[berth] (\\d+) log files? (was|were) rotated away before the reader reached").matcher(line.text());
                if (lost.lookingAt()) {
                    assertThat(line.stream()).isEqualTo(LogStream.STDERR);
                    announced += Long.parseLong(lost.group(1));
                    continue;
                }
                int number = Integer.parseInt(line.text());
                assertThat(number).isGreaterThan(previous);
                missing += number - previous - 1;
                previous = number;
            }
            assertThat(previous).isEqualTo(files);
            assertThat(announced).isEqualTo(missing);
            assertThat(rest).as("more files than are held went by unread").anyMatch(line -> line.text().startsWith("[berth] "));
        }
    }

    @Test
    void aReaderFromTheStartOfARotatedLogSaysThatEarlierLinesAreGone()
            throws IOException
    {
        Path log = directory.resolve("container.log");
        Path first = directory.resolve("container.log.first");
        Files.writeString(log, entry(1));
        Files.createLink(first, log);
        assertThat(new K8sLogReader(log, LogOptions.ALL, () -> true, java.util.Optional.of(first))).toIterable().extracting(LogLine::text).containsExactly("1");
        rotate(log, entry(2));
        for (boolean follow : List.of(false, true)) {
            List<String> lines = new ArrayList<>();
            try (LogReader reader = new K8sLogReader(log, new LogOptions(follow, -1), () -> true, java.util.Optional.of(first))) {
                reader.forEachRemaining(line -> lines.add(line.text()));
            }
            assertThat(lines).containsExactly("[berth] the log was rotated before this reader began; the lines written before its first line here are lost", "2");
        }
        // a tail asks for the end only: nothing before it was promised
        assertThat(new K8sLogReader(log, new LogOptions(false, 5), () -> true, java.util.Optional.of(first))).toIterable().extracting(LogLine::text).containsExactly("2");
    }

    @Test
    void aLineNeverEndedIsStillDelivered()
            throws IOException
    {
        Path log = directory.resolve("container.log");
        Files.writeString(log, "2026-11-22T02:03:41.1+00:00 stdout F whole\n2026-11-22T02:03:41.2+00:00 stdout P no-newline-at-exit\n");
        assertThat(read(log, LogOptions.ALL)).extracting(LogLine::text).containsExactly("whole", "no-newline-at-exit");
    }

    private static String entry(int number)
    {
        return "2026-11-22T02:03:41." + number + "+00:00 stdout F " + number + "\n";
    }

    /** What conmon 2.1 does past --log-size-max: a fresh file renamed over the log. */
    private void rotate(Path log, String content)
            throws IOException
    {
        Path fresh = directory.resolve("container.log.tmp");
        Files.writeString(fresh, content);
        Files.move(fresh, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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

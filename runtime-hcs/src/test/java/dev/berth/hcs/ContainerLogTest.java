package dev.berth.hcs;

import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerLogTest
{
    @TempDir
    Path directory;

    @Test
    void chunksBecomeLinesWithoutCarriageReturnsAndTheLastPartialLineIsKept()
    {
        ContainerLog log = new ContainerLog(directory.resolve("logs").resolve("web.log"));
        log.append(LogStream.STDOUT, bytes("hel"));
        log.append(LogStream.STDERR, bytes("warn\tone\r\n"));
        log.append(LogStream.STDOUT, bytes("lo\r\nwörld\r\npart"));
        log.finish(LogStream.STDOUT);
        assertThat(log.read()).extracting(line -> line.stream() + ":" + line.text())
                .containsExactly("STDERR:warn\tone", "STDOUT:hello", "STDOUT:wörld", "STDOUT:part");
    }

    @Test
    void tailKeepsTheLastLines()
    {
        ContainerLog log = new ContainerLog(directory.resolve("web.log"));
        log.append(LogStream.STDOUT, bytes("a\nb\nc\n"));
        List<String> lines = new ArrayList<>();
        try (HcsLogReader reader = new HcsLogReader(log, new LogOptions(false, 2), () -> true, Duration.ofMillis(5))) {
            reader.forEachRemaining(line -> lines.add(line.text()));
        }
        assertThat(lines).containsExactly("b", "c");
    }

    @Test
    void followingReadsNewLinesUntilTheOutputEnds()
            throws InterruptedException
    {
        ContainerLog log = new ContainerLog(directory.resolve("web.log"));
        log.append(LogStream.STDOUT, bytes("first\n"));
        AtomicBoolean ended = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            sleep(50);
            log.append(LogStream.STDOUT, bytes("second\n"));
            ended.set(true);
        });
        writer.start();
        List<String> lines = new ArrayList<>();
        try (HcsLogReader reader = new HcsLogReader(log, new LogOptions(true, -1), ended::get, Duration.ofMillis(5))) {
            reader.forEachRemaining(line -> lines.add(line.text()));
        }
        writer.join();
        assertThat(lines).containsExactly("first", "second");
    }

    private static byte[] bytes(String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Internal;
import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A container's output as lines in a file, one {@code instant TAB stream TAB text} record per line, so it outlives
 * the process and the agent. Chunks from a pipe are cut into lines at {@code \n}; a trailing {@code \r} is dropped.
 */
final class ContainerLog
{
    private final Path file;
    private final Map<LogStream, ByteArrayOutputStream> partial = new EnumMap<>(LogStream.class);

    ContainerLog(Path file)
    {
        this.file = requireNonNull(file, "file is null");
    }

    synchronized void append(LogStream stream, byte[] chunk)
    {
        ByteArrayOutputStream pending = partial.computeIfAbsent(stream, ignored -> new ByteArrayOutputStream());
        StringBuilder records = new StringBuilder();
        for (byte b : chunk) {
            if (b == '\n') {
                records.append(record(stream, pending.toByteArray()));
                pending.reset();
            }
            else {
                pending.write(b);
            }
        }
        write(records.toString());
    }

    /** Writes what is left of an unterminated last line. */
    synchronized void finish(LogStream stream)
    {
        ByteArrayOutputStream pending = partial.remove(stream);
        if (pending != null && pending.size() > 0) {
            write(record(stream, pending.toByteArray()));
        }
    }

    synchronized List<LogLine> read()
    {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<LogLine> lines = new ArrayList<>();
        try {
            for (String record : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = record.split("\t", 3);
                if (parts.length == 3) {
                    lines.add(new LogLine(Instant.parse(parts[0]), LogStream.valueOf(parts[1]), parts[2]));
                }
            }
        }
        catch (IOException e) {
            throw new Internal("cannot read container log " + file, e);
        }
        return lines;
    }

    private static String record(LogStream stream, byte[] line)
    {
        String text = new String(line, StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        return Instant.now() + "\t" + stream.name() + "\t" + text + "\n";
    }

    private void write(String records)
    {
        if (records.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, records, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (IOException e) {
            throw new Internal("cannot write container log " + file, e);
        }
    }
}

package dev.berth.state.boot;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.Errno;
import dev.berth.core.error.Internal;
import dev.berth.core.error.StorageFull;
import dev.berth.state.file.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code boot-error.json}: written atomically when the agent (into its data dir) or a container (into its log dir)
 * fails to boot, read by inspect and doctor, and removed by the next successful boot. Content:
 * <pre>{"t":"2026-11-22T02:30:00.123Z","stage":"create","errno":2,"message":"..."}</pre>
 * {@code errno} is absent when the error had none.
 */
public final class BootErrorFile
{
    public static final String FILE_NAME = "boot-error.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RFC_3339_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private BootErrorFile() {}

    public static Path in(Path directory)
    {
        return directory.resolve(FILE_NAME);
    }

    /** Writes {@code error} into {@code directory}'s boot-error.json. @throws Internal when it cannot be written */
    public static BootErrorEntry write(Path directory, AgentError error)
    {
        BootErrorEntry entry = BootErrorEntry.of(error);
        write(directory, entry);
        return entry;
    }

    public static void write(Path directory, BootErrorEntry entry)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("t", RFC_3339_MILLIS.format(entry.time().truncatedTo(ChronoUnit.MILLIS)));
        node.put("stage", entry.stage());
        entry.errno().ifPresent(errno -> node.put("errno", errno));
        node.put("message", entry.message());
        try {
            AtomicFiles.write(in(directory), (node.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            if (Errno.of(e).stream().anyMatch(Errno::isStorageFull)) {
                throw new StorageFull(in(directory).toString(), "boot-error.json was not written: " + e.getMessage(), e);
            }
            throw new Internal("cannot write " + in(directory) + ": " + e.getMessage(), e);
        }
    }

    /** The boot error recorded in {@code directory}, if any. A file that cannot be parsed is reported as such, not hidden. */
    public static Optional<BootErrorEntry> read(Path directory)
    {
        Path file = in(directory);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw new Internal("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode node = JSON.readTree(content);
            Instant time = Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(node.path("t").asText()));
            OptionalInt errno = node.hasNonNull("errno") ? OptionalInt.of(node.get("errno").asInt()) : OptionalInt.empty();
            return Optional.of(new BootErrorEntry(time, node.path("stage").asText("other"), errno, node.path("message").asText("")));
        }
        catch (IOException | RuntimeException e) {
            return Optional.of(new BootErrorEntry(Instant.EPOCH, "other", OptionalInt.empty(),
                    file + " exists but is not a readable boot error: " + e.getMessage()));
        }
    }

    /** Removes the boot error after a successful boot. @return whether there was one */
    public static boolean clear(Path directory)
    {
        try {
            return AtomicFiles.delete(in(directory));
        }
        catch (IOException e) {
            throw new Internal("cannot remove " + in(directory) + ": " + e.getMessage(), e);
        }
    }
}

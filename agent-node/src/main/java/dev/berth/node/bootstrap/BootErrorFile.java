package dev.berth.node.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.AgentError;
import dev.berth.lifecycle.BootError;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * The agent's {@code <data-dir>/boot-error.json}: {@code {t, stage, errno, message}}, written atomically (temp
 * file, fsync, rename) when the agent fails to boot, and removed by the next successful boot. The stage comes from
 * the AgentError's type, never from its text.
 */
public final class BootErrorFile
{
    private static final Logger log = LogManager.getLogger(BootErrorFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FILE_NAME = "boot-error.json";

    private final Path file;

    public BootErrorFile(Path dataDir)
    {
        this.file = requireNonNull(dataDir, "dataDir is null").resolve(FILE_NAME);
    }

    public Path file()
    {
        return file;
    }

    public static BootError of(AgentError error)
    {
        return new BootError(Instant.now().truncatedTo(ChronoUnit.MILLIS), error.stage().wireName(), error.errno(),
                error.getMessage() == null ? error.code().name() : error.getMessage());
    }

    public void write(BootError error)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("t", DateTimeFormatter.ISO_INSTANT.format(error.time().truncatedTo(ChronoUnit.MILLIS)));
        node.put("stage", error.stage());
        if (error.errno().isPresent()) {
            node.put("errno", error.errno().getAsInt());
        }
        else {
            node.putNull("errno");
        }
        node.put("message", error.message());
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(node.toString().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            log.error("cannot write {}: {}", file, e.getMessage());
        }
    }

    public Optional<BootError> read()
    {
        try {
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return Optional.of(new BootError(
                    Instant.parse(node.path("t").asText()),
                    node.path("stage").asText("other"),
                    node.hasNonNull("errno") ? OptionalInt.of(node.get("errno").asInt()) : OptionalInt.empty(),
                    node.path("message").asText("")));
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException | RuntimeException e) {
            log.warn("cannot read {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    public void clear()
    {
        try {
            if (Files.deleteIfExists(file)) {
                log.info("removed {} left by a failed boot", file);
            }
        }
        catch (IOException e) {
            log.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }
}

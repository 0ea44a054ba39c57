package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.Internal;
import dev.berth.core.error.Network;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** One JSON file per attachment under {@code <state-dir>/attachments}, replaced atomically. */
public final class AttachmentStore
{
    private static final String SUFFIX = ".json";

    private final Path directory;
    private final ObjectMapper mapper;

    public AttachmentStore(Path directory, ObjectMapper mapper)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public void write(AttachmentRecord record)
    {
        Path target = file(record.containerId());
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve("." + record.containerId() + SUFFIX + ".tmp");
            Files.write(temporary, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException e) {
            throw new Network("cannot record the network attachment in " + target + ": " + e.getMessage(), e);
        }
    }

    public Optional<AttachmentRecord> read(String containerId)
    {
        Path file = file(containerId);
        try {
            return Optional.of(mapper.readValue(Files.readAllBytes(file), AttachmentRecord.class));
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw new Internal("network attachment record " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    public List<AttachmentRecord> list()
    {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<AttachmentRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX) && !name.startsWith(".")) {
                    read(name.substring(0, name.length() - SUFFIX.length())).ifPresent(records::add);
                }
            }
        }
        catch (IOException e) {
            throw new Internal("cannot list network attachment records in " + directory + ": " + e.getMessage(), e);
        }
        return List.copyOf(records);
    }

    public void delete(String containerId)
    {
        try {
            Files.deleteIfExists(file(containerId));
        }
        catch (IOException e) {
            throw new Network("cannot delete network attachment record " + file(containerId) + ": " + e.getMessage(), e);
        }
    }

    private Path file(String containerId)
    {
        return directory.resolve(containerId + SUFFIX);
    }
}

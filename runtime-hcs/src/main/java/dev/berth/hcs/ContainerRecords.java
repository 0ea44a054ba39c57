package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.Internal;
import dev.berth.core.error.InvalidSpec;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * {@link ContainerRecord}s, one JSON file per container under {@code <layer-root>/records}, each replaced whole by
 * an atomic rename so a reader never sees half of one. An unreadable record is an error naming its file, never
 * skipped: a container it describes would otherwise vanish from the node's view with its scratch layer on disk.
 */
final class ContainerRecords
{
    /**
     * Ids become file and folder names under the layer root (records, logs, scratch layers): one plain name, no
     * separator, no dot-only or trailing-dot name Windows would rewrite, short enough for MAX_PATH with the root.
     */
    private static final Logger log = LogManager.getLogger(ContainerRecords.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".json";

    private final Path directory;

    ContainerRecords(Path directory)
    {
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** Refuses an id that cannot name a file under the layer root. */
    static void checkId(String id)
    {
        if (!valid(id)) {
            throw new InvalidSpec("container id '" + id + "' must be 1 to 128 letters, digits, '_', '.' or '-', start with a letter or digit and "
                    + "not end with '.'");
        }
    }

    private static boolean valid(String id)
    {
        return ID.matcher(id).matches() && !id.endsWith(".");
    }

    void save(ContainerRecord record)
    {
        Path file = file(record.id());
        Path temporary = directory.resolve(record.id() + SUFFIX + ".tmp");
        try {
            Files.createDirectories(directory);
            Files.write(temporary, JSON.writeValueAsBytes(record));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            throw new Internal("cannot write the record of container '" + record.id() + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces a tracked container's record in memory and on disk. Caller holds its monitor. A record that cannot be
     * written is logged, not thrown: this run's view of the container is still right, only a later run's would lack it.
     */
    void update(TrackedContainer container, UnaryOperator<ContainerRecord> change)
    {
        container.record = change.apply(container.record);
        try {
            save(container.record);
        }
        catch (Internal e) {
            log.warn("{}; a later agent run will not see this change", e.getMessage());
        }
    }

    /** The record of {@code id}; none for an id that could not have one. */
    Optional<ContainerRecord> find(String id)
    {
        if (!valid(id)) {
            return Optional.empty();
        }
        Path file = file(id);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw new Internal("cannot read the record of container '" + id + "' at " + file + ": " + e.getMessage(), e);
        }
        ContainerRecord record;
        try {
            record = JSON.readValue(bytes, ContainerRecord.class);
        }
        catch (IOException | IllegalArgumentException e) {
            throw new Internal("the record of container '" + id + "' at " + file + " is not readable: " + e.getMessage(), e);
        }
        if (!record.id().equals(id)) {
            throw new Internal("the record at " + file + " names container '" + record.id() + "', not '" + id + "'");
        }
        return Optional.of(record);
    }

    void delete(String id)
    {
        try {
            Files.deleteIfExists(file(id));
        }
        catch (IOException e) {
            throw new Internal("cannot delete the record of container '" + id + "' at " + file(id) + ": " + e.getMessage(), e);
        }
    }

    /** The ids of every record. */
    List<String> ids()
    {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                ids.add(name.substring(0, name.length() - SUFFIX.length()));
            }
        }
        catch (NoSuchFileException e) {
            return List.of();
        }
        catch (IOException e) {
            throw new Internal("cannot list container records in " + directory + ": " + e.getMessage(), e);
        }
        return List.copyOf(ids);
    }

    private Path file(String id)
    {
        return directory.resolve(id + SUFFIX);
    }
}

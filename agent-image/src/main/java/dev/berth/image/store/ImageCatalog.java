package dev.berth.image.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The names of stored images (canonical reference to manifest digest, platform and process defaults), kept in one
 * JSON file that is rewritten atomically on every change. Thread-safe.
 */
public final class ImageCatalog
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<CatalogEntry>> ENTRIES = new TypeReference<>() {};

    private final Path file;
    private final List<CatalogEntry> entries = new ArrayList<>();

    public ImageCatalog(Path file)
    {
        this.file = requireNonNull(file, "file is null");
        if (Files.exists(file)) {
            try {
                entries.addAll(MAPPER.readValue(file.toFile(), ENTRIES));
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot read the image catalog " + file, e);
            }
        }
    }

    public synchronized Optional<CatalogEntry> byReference(String reference)
    {
        return entries.stream().filter(entry -> entry.reference().equals(reference)).findFirst();
    }

    public synchronized List<CatalogEntry> byDigest(String digest)
    {
        return entries.stream().filter(entry -> entry.digest().equals(digest)).toList();
    }

    public synchronized List<CatalogEntry> all()
    {
        return entries.stream().sorted(Comparator.comparing(CatalogEntry::reference)).toList();
    }

    /** Adds or replaces the entry for {@code entry.reference()}. */
    public synchronized void put(CatalogEntry entry)
    {
        List<CatalogEntry> updated = new ArrayList<>(entries);
        updated.removeIf(existing -> existing.reference().equals(entry.reference()));
        updated.add(entry);
        save(updated);
    }

    public synchronized boolean remove(String reference)
    {
        List<CatalogEntry> updated = new ArrayList<>(entries);
        if (!updated.removeIf(existing -> existing.reference().equals(reference))) {
            return false;
        }
        save(updated);
        return true;
    }

    private void save(List<CatalogEntry> updated)
    {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(temporary, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(updated));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            BlobStore.syncDirectory(file.getParent());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write the image catalog " + file, e);
        }
        entries.clear();
        entries.addAll(updated);
    }
}

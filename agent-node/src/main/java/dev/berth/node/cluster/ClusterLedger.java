package dev.berth.node.cluster;

import dev.berth.core.error.Configuration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The names of the cluster services the scheduler handed to this node, kept in the data dir
 * ({@code cluster-services}, one name a line, replaced atomically). It tells cluster services apart from those
 * started locally ({@code berth run}), so that after a restart only the former are stopped when moved away.
 */
public final class ClusterLedger
{
    public static final String FILE = "cluster-services";

    private final Path file;
    private final Set<String> names = new TreeSet<>();

    public ClusterLedger(Path dataDir)
    {
        this.file = requireNonNull(dataDir, "dataDir is null").resolve(FILE);
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        }
        catch (NoSuchFileException e) {
            // First start in a cluster: nothing handed to this node yet.
        }
        catch (IOException e) {
            throw new Configuration("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized Set<String> names()
    {
        return Set.copyOf(names);
    }

    public synchronized void add(String service)
    {
        if (names.add(service)) {
            write();
        }
    }

    public synchronized void remove(String service)
    {
        if (names.remove(service)) {
            write();
        }
    }

    private void write()
    {
        Path temporary = file.resolveSibling(FILE + ".tmp");
        try {
            Files.writeString(temporary, names.isEmpty() ? "" : String.join("\n", names) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException e) {
            throw new Configuration("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

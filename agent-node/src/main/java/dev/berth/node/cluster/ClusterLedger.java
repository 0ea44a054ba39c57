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
 * started locally ({@code berth run}), so that after a restart only the former are stopped when moved away. A name
 * followed by {@code keep} is a service whose spec says {@code cluster.onDisconnect: keep}: an agent restarted
 * while cut off etcd must know that before it can read the spec from the cluster.
 */
public final class ClusterLedger
{
    public static final String FILE = "cluster-services";
    private static final String KEEP = "keep";

    private final Path file;
    private final Set<String> names = new TreeSet<>();
    private final Set<String> kept = new TreeSet<>();

    public ClusterLedger(Path dataDir)
    {
        this.file = requireNonNull(dataDir, "dataDir is null").resolve(FILE);
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] words = line.strip().split("\\s+");
                if (line.isBlank()) {
                    continue;
                }
                if (words.length > 2 || (words.length == 2 && !words[1].equals(KEEP))) {
                    throw new Configuration(file + ": \"" + line.strip() + "\" is not a service name, optionally followed by " + KEEP);
                }
                names.add(words[0]);
                if (words.length == 2) {
                    kept.add(words[0]);
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
        add(service, false);
    }

    /** @param keep whether the service's spec says {@code cluster.onDisconnect: keep} */
    public synchronized void add(String service, boolean keep)
    {
        boolean changed = names.add(service);
        changed |= keep ? kept.add(service) : kept.remove(service);
        if (changed) {
            write();
        }
    }

    public synchronized boolean keeps(String service)
    {
        return kept.contains(service);
    }

    public synchronized void remove(String service)
    {
        kept.remove(service);
        if (names.remove(service)) {
            write();
        }
    }

    private void write()
    {
        Path temporary = file.resolveSibling(FILE + ".tmp");
        try {
            StringBuilder text = new StringBuilder();
            names.forEach(name -> text.append(name).append(kept.contains(name) ? " " + KEEP : "").append('\n'));
            Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
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

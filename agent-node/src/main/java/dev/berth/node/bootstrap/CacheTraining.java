package dev.berth.node.bootstrap;

import dev.berth.node.metrics.AgentMetrics;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent's side of the launcher's cache training. A class cache (JDK 25's AOT cache, or AppCDS) holds what the
 * run that trained it loaded; an agent refused at start loads only its start-up classes, and such a cache would
 * slow every later start until a jar changes. So the launcher keeps a cache only when the agent, as it stops,
 * writes the file named by {@value #PROPERTY}: it reached ready and served at least one operation.
 */
final class CacheTraining
{
    static final String PROPERTY = "berth.cache.trained";

    private static final Logger log = LogManager.getLogger(CacheTraining.class);

    private CacheTraining() {}

    /** Writes the marker when this run was representative; returns whether it did. */
    static boolean markIfServed(Optional<String> marker, AgentMetrics metrics)
    {
        if (marker.isEmpty() || marker.get().isBlank()) {
            return false;
        }
        long served = metrics.succeededOperations();
        if (served == 0) {
            log.info("no operation served: the launcher will not keep a class cache from this run");
            return false;
        }
        try {
            Files.writeString(Path.of(marker.get()), served + " operations served\n");
            return true;
        }
        catch (IOException e) {
            log.warn("cannot write the cache training marker {}: {}", marker.get(), e.getMessage());
            return false;
        }
    }
}

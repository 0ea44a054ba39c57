package dev.berth.node.bootstrap;

import dev.berth.core.error.Configuration;
import dev.berth.node.marker.PidMarker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Takes the agent's data dir: creates it, and makes it root-only (0700), since the store, bundles and logs under it hold
 * secret env values and registry credentials. An existing directory is taken only when it is empty (a fresh mount's
 * lost+found aside) or already an agent's, so a mistyped {@code --data-dir /var/lib} refuses to start instead of
 * closing a shared directory to every other user.
 */
final class DataDirectory
{
    /** What an agent leaves in its data dir; any one of them makes a directory an agent's. */
    private static final Set<String> AGENT_FILES = Set.of(PidMarker.FILE_NAME, "agent.lock", "boot-error.json", "state");
    private static final Set<String> EMPTY_ANYWAY = Set.of("lost+found");

    private DataDirectory() {}

    /** @throws IOException when the directory cannot be made or its mode set */
    static void claim(Path dataDir)
            throws IOException
    {
        if (Files.isDirectory(dataDir)) {
            List<String> names;
            try (Stream<Path> entries = Files.list(dataDir)) {
                names = entries.map(entry -> entry.getFileName().toString()).sorted().toList();
            }
            if (names.stream().noneMatch(AGENT_FILES::contains) && !EMPTY_ANYWAY.containsAll(names)) {
                throw new Configuration("data dir " + dataDir + " already holds files that are not an agent's (" + String.join(", ",
                        names.subList(0, Math.min(5, names.size()))) + (names.size() > 5 ? ", ..." : "") + "); the agent makes its data dir "
                        + "root-only (0700), so it takes only a new, empty or earlier agent's directory: use --data-dir " + dataDir.resolve("berth")
                        + " or another empty directory");
            }
        }
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    }
}

package dev.berth.node.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The test class path with every jar copied once, for the agent and CLI processes tests start: the shared local
 * Maven repository can be rewritten while a test runs, and a jar replaced under a running JVM breaks it. The copy is
 * world-readable so that a CLI run as another user (system-tests' access tests) can load it.
 */
final class ClassPathSnapshot
{
    private static String snapshot;

    private ClassPathSnapshot() {}

    static synchronized String get()
    {
        if (snapshot == null) {
            try {
                Path directory = Files.createTempDirectory(Path.of("/tmp"), "berth-test-cp-");
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
                // deleteOnExit runs in reverse order: the copies go first, then the emptied directory.
                directory.toFile().deleteOnExit();
                List<String> entries = new ArrayList<>();
                int index = 0;
                for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                    Path path = Path.of(entry);
                    if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                        Path copy = directory.resolve((index++) + "-" + path.getFileName());
                        Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                        copy.toFile().deleteOnExit();
                        entries.add(copy.toString());
                    }
                    else {
                        entries.add(entry);
                    }
                }
                snapshot = String.join(File.pathSeparator, entries);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return snapshot;
    }
}

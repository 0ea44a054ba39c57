package dev.berth.youki.plugin;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds executables the way a shell does: an absolute path as is, a bare name on PATH. */
public final class Executables
{
    private Executables() {}

    public static Optional<Path> find(String name, String path)
    {
        if (name.contains("/")) {
            Path candidate = Path.of(name);
            return Files.isExecutable(candidate) ? Optional.of(candidate.toAbsolutePath()) : Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** PATH with the system directories appended, as daemons often start with a bare PATH. */
    public static String searchPath()
    {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return path + File.pathSeparator + "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    }
}

package dev.berth.gpu.host;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local machine, with host paths resolved under {@code root}: {@code /} in production (or {@code /host} when
 * the agent runs in a container), a temp directory in tests, where {@code root/dev/dxg} stands in for
 * {@code /dev/dxg}. Commands run on the local machine through the given runner; only file probes are rooted.
 */
public final class LocalHostView
        implements HostView
{
    private final Path root;
    private final CommandRunner runner;

    public LocalHostView(Path root, CommandRunner runner)
    {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.runner = requireNonNull(runner, "runner is null");
    }

    public static LocalHostView ofRoot(Path root)
    {
        return new LocalHostView(root, new LocalCommandRunner());
    }

    public Path root()
    {
        return root;
    }

    /** The local file standing in for a host path. */
    public Path resolve(String hostPath)
    {
        requireNonNull(hostPath, "hostPath is null");
        String relative = hostPath.replaceFirst("^/+", "");
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("path escapes the host root: " + hostPath);
        }
        return resolved;
    }

    @Override
    public Optional<FileStat> stat(String path)
    {
        Path local = resolve(path);
        try {
            int mode = (Integer) Files.getAttribute(local, "unix:mode");
            long rdev = (Long) Files.getAttribute(local, "unix:rdev");
            long size = (Long) Files.getAttribute(local, "unix:size");
            FileType type = FileType.ofMode(mode);
            boolean device = type == FileType.CHARACTER_DEVICE || type == FileType.BLOCK_DEVICE;
            return Optional.of(new FileStat(path, type, device ? FileStat.majorOf(rdev) : 0, device ? FileStat.minorOf(rdev) : 0, size));
        }
        catch (IOException e) {
            return Optional.empty();
        }
        catch (UnsupportedOperationException e) {
            // not a POSIX file system: fall back to what NIO can tell without st_mode
            if (!Files.exists(local)) {
                return Optional.empty();
            }
            return Optional.of(new FileStat(path, Files.isDirectory(local) ? FileType.DIRECTORY : Files.isRegularFile(local) ? FileType.REGULAR : FileType.OTHER, 0, 0, 0));
        }
    }

    @Override
    public List<String> list(String directory)
    {
        Path local = resolve(directory);
        if (!Files.isDirectory(local)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(local)) {
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
        }
        catch (IOException e) {
            return List.of();
        }
        names.sort(null);
        return List.copyOf(names);
    }

    @Override
    public Optional<String> read(String path)
    {
        try {
            return Optional.of(Files.readString(resolve(path), StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe()
    {
        return root.toString().equals("/") ? "local host" : "local host rooted at " + root;
    }

    @Override
    public CommandResult run(List<String> command, byte[] stdin, Duration timeout)
    {
        return runner.run(command, stdin, timeout);
    }
}

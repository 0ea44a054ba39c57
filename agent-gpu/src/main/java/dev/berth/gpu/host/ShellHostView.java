package dev.berth.gpu.host;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A host reached only through commands (a WSL2 distro through {@code wsl.exe}): files are probed with GNU
 * {@code stat}, {@code ls} and {@code cat} run on that host, so a path means the host's path, never the agent's.
 */
public final class ShellHostView
        implements HostView
{
    private final CommandRunner runner;
    private final Duration timeout;
    private final String description;

    public ShellHostView(CommandRunner runner, Duration timeout, String description)
    {
        this.runner = requireNonNull(runner, "runner is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.description = requireNonNull(description, "description is null");
    }

    @Override
    public Optional<FileStat> stat(String path)
    {
        CommandResult result = runner.run(List.of("stat", "-L", "-c", "%F|%t|%T|%s", "--", path), new byte[0], timeout);
        if (!result.succeeded()) {
            return Optional.empty();
        }
        String[] parts = result.stdout().strip().split("\\|");
        if (parts.length != 4) {
            return Optional.empty();
        }
        FileType type = FileType.ofStatWord(parts[0]);
        boolean device = type == FileType.CHARACTER_DEVICE || type == FileType.BLOCK_DEVICE;
        return Optional.of(new FileStat(path, type,
                device ? Integer.parseInt(parts[1], 16) : 0,
                device ? Integer.parseInt(parts[2], 16) : 0,
                Long.parseLong(parts[3])));
    }

    @Override
    public List<String> list(String directory)
    {
        CommandResult result = runner.run(List.of("ls", "-1A", "--", directory), new byte[0], timeout);
        if (!result.succeeded() || stat(directory).map(stat -> stat.type() != FileType.DIRECTORY).orElse(true)) {
            return List.of();
        }
        return Arrays.stream(result.stdout().split("\n")).filter(name -> !name.isEmpty()).sorted().toList();
    }

    @Override
    public Optional<String> read(String path)
    {
        CommandResult result = runner.run(List.of("cat", "--", path), new byte[0], timeout);
        return result.succeeded() ? Optional.of(result.stdout()) : Optional.empty();
    }

    @Override
    public String describe()
    {
        return description;
    }

    @Override
    public CommandResult run(List<String> command, byte[] stdin, Duration timeout)
    {
        return runner.run(command, stdin, timeout);
    }
}

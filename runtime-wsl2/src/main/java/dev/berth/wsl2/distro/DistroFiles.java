package dev.berth.wsl2.distro;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Internal;
import dev.berth.wsl2.transport.DistroTransport;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Files inside the distro, read and written with commands there, never through a Windows-side path. */
public final class DistroFiles
{
    private final DistroTransport transport;
    private final Duration timeout;

    public DistroFiles(DistroTransport transport, Duration timeout)
    {
        this.transport = requireNonNull(transport, "transport is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** Writes {@code text} to {@code path} atomically (a temp file renamed over it), creating parent directories. */
    public void write(String path, String text)
    {
        CommandResult result = transport.run(Command.of(timeout, List.of("sh", "-c",
                "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1.tmp\" && mv -f \"$1.tmp\" \"$1\"", "sh", path)).withStdin(text));
        if (!result.succeeded()) {
            throw new Internal("cannot write " + path + " in " + transport.describe() + ": " + evidence(result));
        }
    }

    public Optional<String> read(String path)
    {
        CommandResult result = transport.run(Command.of(timeout, List.of("cat", "--", path)));
        return result.succeeded() ? Optional.of(result.stdout()) : Optional.empty();
    }

    public void makeDirectories(String... paths)
    {
        List<String> argv = new ArrayList<>(List.of("mkdir", "-p", "--"));
        argv.addAll(List.of(paths));
        CommandResult result = transport.run(Command.of(timeout, argv));
        if (!result.succeeded()) {
            throw new Internal("cannot create " + String.join(", ", paths) + " in " + transport.describe() + ": " + evidence(result));
        }
    }

    public boolean exists(String path)
    {
        return transport.run(Command.of(timeout, List.of("test", "-e", path))).succeeded();
    }

    /** Removes a container's directory tree; refuses anything outside {@code under}. */
    public void removeTree(String path, String under)
    {
        if (!path.startsWith(under + "/") || path.contains("/../")) {
            throw new IllegalArgumentException(path + " is not under " + under);
        }
        CommandResult result = transport.run(Command.of(timeout, List.of("rm", "-rf", "--one-file-system", "--", path)));
        if (!result.succeeded()) {
            throw new Internal("cannot remove " + path + " in " + transport.describe() + ": " + evidence(result));
        }
    }

    static String evidence(CommandResult result)
    {
        return "'" + result.command().display() + "' exited " + result.exitCode() + ": " + result.stderr().strip();
    }
}

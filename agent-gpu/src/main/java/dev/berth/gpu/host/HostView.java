package dev.berth.gpu.host;

import dev.berth.core.error.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The host as GPU probes see it. Every probe goes through this view, never through {@code java.io.File} directly,
 * so that the same probes run on the local machine, inside a WSL2 distro (where Windows-side paths mean nothing),
 * or against a temp directory standing in for {@code /} in tests. Paths are always the host's absolute paths
 * ({@code /dev/dxg}), whatever stands in for them.
 */
public interface HostView
        extends CommandRunner
{
    /** {@code stat(2)} following symbolic links; empty when the path does not exist or cannot be reached. */
    Optional<FileStat> stat(String path);

    /** The entry names of a directory, sorted; empty when it does not exist or is not a directory. */
    List<String> list(String directory);

    /** A small text file's contents; empty when it does not exist or cannot be read. */
    Optional<String> read(String path);

    /** Where this view looks, for error messages: "local host", "WSL2 distro 'Ubuntu'". */
    String describe();

    /**
     * Runs a command on that host.
     *
     * @throws Timeout when it runs past {@code timeout}
     */
    @Override
    CommandResult run(List<String> command, byte[] stdin, Duration timeout);

    default boolean exists(String path)
    {
        return stat(path).isPresent();
    }
}

package dev.berth.gpu.host;

import dev.berth.core.error.Timeout;

import java.time.Duration;
import java.util.List;

/** Runs one command to completion where the probed host is: the local machine, or inside a WSL2 distro. */
@FunctionalInterface
public interface CommandRunner
{
    /**
     * @param stdin bytes fed to the command's standard input, then closed (empty for none)
     * @throws Timeout when the command has not ended within {@code timeout}; it is killed
     */
    CommandResult run(List<String> command, byte[] stdin, Duration timeout);
}

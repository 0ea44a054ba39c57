package dev.berth.youki.network;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Network;
import dev.berth.core.error.Timeout;
import dev.berth.core.unit.HumanDurations;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external command with a time limit, feeding it stdin and collecting stdout and stderr. Output goes to
 * temporary files rather than pipes so a chatty command can never block on a full pipe while we wait for it.
 */
public final class CommandRunner
{
    private final Duration timeout;

    public CommandRunner(Duration timeout)
    {
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    public Duration timeout()
    {
        return timeout;
    }

    /**
     * @param environment added to (and overriding) the agent's own environment
     * @return the result, whatever the exit status
     * @throws Network when the command cannot be started, or (with a {@link Timeout} cause) runs past the limit
     */
    public CommandResult run(List<String> command, Map<String, String> environment, byte[] stdin)
    {
        requireNonNull(command, "command is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(stdin, "stdin is null");
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("berth-net-", ".out");
            stderr = Files.createTempFile("berth-net-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            try (OutputStream input = process.getOutputStream()) {
                input.write(stdin);
            }
            catch (IOException e) {
                // The command exited or closed stdin without reading it all; its exit status tells the rest.
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new Network(String.join(" ", command) + " did not finish within " + HumanDurations.format(timeout)
                        + stderrSuffix(Files.readString(stderr, UTF_8)), new Timeout(timeout));
            }
            return new CommandResult(command, process.exitValue(), Files.readString(stdout, UTF_8), Files.readString(stderr, UTF_8));
        }
        catch (IOException e) {
            throw new Network("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Network("interrupted while running " + String.join(" ", command), e);
        }
        finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    public CommandResult run(List<String> command)
    {
        return run(command, Map.of(), new byte[0]);
    }

    /**
     * Runs the command and insists on exit status 0.
     *
     * @throws Network carrying the command, its exit status and stderr otherwise
     */
    public CommandResult runChecked(String purpose, List<String> command)
    {
        CommandResult result = run(command);
        if (!result.succeeded()) {
            throw new Network(purpose + ": " + result.describe());
        }
        return result;
    }

    private static String stderrSuffix(String stderr)
    {
        String trimmed = stderr.strip();
        return trimmed.isEmpty() ? "" : "; stderr: " + trimmed;
    }

    private static void deleteQuietly(Path path)
    {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException e) {
            // A leftover temporary file is harmless.
        }
    }
}

package dev.berth.gpu.host;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Internal;
import dev.berth.core.error.Timeout;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as child processes of the agent, feeding stdin and draining stdout and stderr concurrently so a
 * chatty command cannot block on a full pipe. A command that overruns its timeout is killed, with its children.
 */
public final class LocalCommandRunner
        implements CommandRunner
{
    private static final Logger log = LogManager.getLogger(LocalCommandRunner.class);

    private final Map<String, String> environment;

    public LocalCommandRunner()
    {
        this(Map.of());
    }

    /** @param environment variables added to the agent's own for every command */
    public LocalCommandRunner(Map<String, String> environment)
    {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    @Override
    public CommandResult run(List<String> command, byte[] stdin, Duration timeout)
    {
        requireNonNull(command, "command is null");
        requireNonNull(stdin, "stdin is null");
        requireNonNull(timeout, "timeout is null");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException e) {
            return new CommandResult(command, CommandResult.NOT_FOUND, "", "cannot run " + command.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try (OutputStream input = process.getOutputStream()) {
            input.write(stdin);
        }
        catch (IOException e) {
            // the command exited without reading its input; its exit status tells the story
            log.debug("stdin of {} closed early: {}", command.get(0), e.getMessage());
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new Timeout(timeout, new IOException("'" + String.join(" ", command) + "' did not finish"));
            }
            return new CommandResult(command, process.exitValue(),
                    new String(out.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8),
                    new String(err.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8));
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new Internal("interrupted while running " + command.get(0), e);
        }
        catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // the process ended but a grandchild still holds its output pipes open
            throw new Timeout(timeout, e);
        }
    }

    private static byte[] drain(InputStream stream)
    {
        try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            stream.transferTo(buffer);
            return buffer.toByteArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

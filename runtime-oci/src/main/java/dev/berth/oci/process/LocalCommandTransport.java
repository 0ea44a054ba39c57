package dev.berth.oci.process;

import dev.berth.core.error.Internal;
import dev.berth.core.error.Timeout;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs commands as child processes of this JVM. */
public final class LocalCommandTransport
        implements CommandTransport
{
    private static final Logger log = LogManager.getLogger(LocalCommandTransport.class);

    private static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "command-output");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public CommandResult run(Command command)
    {
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().putAll(command.env());
        command.workingDirectory().ifPresent(directory -> builder.directory(new File(directory)));
        if (command.stdin().isEmpty()) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException e) {
            return new CommandResult(command, CommandResult.NOT_LAUNCHED, "", "cannot launch " + command.argv().get(0) + ": " + e.getMessage());
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()), READERS);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), READERS);
        if (command.stdin().isPresent()) {
            try (OutputStream input = process.getOutputStream()) {
                input.write(command.stdin().get().getBytes(StandardCharsets.UTF_8));
            }
            catch (IOException e) {
                log.debug("{} closed its stdin early: {}", command.argv().get(0), e.getMessage());
            }
        }
        try {
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new Timeout(command.timeout(), new TimeoutException("'" + command.display() + "' did not finish; killed it"));
            }
            // A daemonising child (conmon) may keep the pipes open a moment after the parent exits.
            CommandResult result = new CommandResult(command, process.exitValue(), stdout.get(command.timeout().toMillis(), TimeUnit.MILLISECONDS),
                    stderr.get(command.timeout().toMillis(), TimeUnit.MILLISECONDS));
            if (log.isDebugEnabled()) {
                log.debug("{} -> {} in {} ms", command.display(), result.exitCode(), (System.nanoTime() - started) / 1_000_000);
            }
            return result;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new Timeout(command.timeout(), e);
        }
        catch (TimeoutException e) {
            throw new Timeout(command.timeout(), new TimeoutException("output of '" + command.display() + "' stayed open after it exited"));
        }
        catch (ExecutionException e) {
            throw new Internal("reading the output of '" + command.display() + "' failed", e.getCause());
        }
    }

    private static String drain(InputStream stream)
    {
        try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            stream.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            return "";
        }
    }

    @Override
    public String describe()
    {
        return "local";
    }
}

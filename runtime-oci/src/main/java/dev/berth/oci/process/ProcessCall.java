package dev.berth.oci.process;

import dev.berth.core.error.Internal;
import dev.berth.core.error.Timeout;
import dev.berth.core.runtime.OutputTail;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One child process of the agent with a streamed stdin, drained output and a hard timeout: how every transport runs
 * a command, on this host or through {@code wsl.exe}. Output is decoded as UTF-8 unless it is UTF-16LE, which is how
 * {@code wsl.exe} prints its own messages when {@code WSL_UTF8} is not honoured (older WSL releases).
 */
public final class ProcessCall
{
    private static final Logger log = LogManager.getLogger(ProcessCall.class);
    private static final ExecutorService IO = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "process-io");
        thread.setDaemon(true);
        return thread;
    });

    private ProcessCall() {}

    /**
     * Runs {@code argv} (which may wrap the command's own, as wsl.exe does) with {@code env} added, in {@code directory}
     * (null: the agent's), feeding it {@code input}.
     */
    public static CommandResult run(Command command, List<String> argv, Map<String, String> env, File directory, InputWriter input)
    {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        if (directory != null) {
            builder.directory(directory);
        }
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException e) {
            return new CommandResult(command, CommandResult.NOT_LAUNCHED, "", "cannot launch " + argv.get(0) + ": " + e.getMessage());
        }
        // bounded tails, as in the local transport: an exec in the distro may print without end
        CompletableFuture<OutputTail> stdout = CompletableFuture.supplyAsync(() -> OutputTail.drain(process.getInputStream(), command.stdoutLimit()), IO);
        CompletableFuture<OutputTail> stderr = CompletableFuture.supplyAsync(() -> OutputTail.drain(process.getErrorStream(), command.stderrLimit()), IO);
        CompletableFuture<IOException> feeding = CompletableFuture.supplyAsync(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                input.write(stdin);
                return null;
            }
            catch (IOException e) {
                log.debug("input to {} stopped: {}", argv.get(0), e.getMessage());
                return e;
            }
        }, IO);
        try {
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                feeding.cancel(true);
                throw new Timeout(command.timeout(), new TimeoutException("'" + command.display() + "' did not finish; killed it"));
            }
            OutputTail out = stdout.get(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            OutputTail err = stderr.get(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            CommandResult result = collect(command, process.exitValue(), out, err);
            IOException inputFailure = feeding.get(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (inputFailure == null) {
                return result;
            }
            // a command that failed may simply have stopped reading; one that succeeded on cut-short input must not pass
            if (!result.succeeded()) {
                return new CommandResult(command, result.exitCode(), result.stdout(), result.stderr() + "\n(input stopped: " + inputFailure.getMessage() + ")",
                        result.stdoutDropped(), result.stderrDropped());
            }
            throw new Internal("writing the input of '" + command.display() + "' failed", inputFailure);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new Timeout(command.timeout(), e);
        }
        catch (TimeoutException e) {
            // a daemon (conmon) inherited the pipes: the call itself is done
            throw new Timeout(command.timeout(), new TimeoutException("output of '" + command.display() + "' stayed open after it exited"));
        }
        catch (ExecutionException e) {
            throw new Internal("reading the output of '" + command.display() + "' failed", e.getCause());
        }
    }

    /**
     * The result from both tails. A tail whose read broke off (an I/O error on the pipe) holds less than the command
     * printed, and nothing says so in its text: that is an error naming what was read, never a shorter answer.
     */
    static CommandResult collect(Command command, int exitCode, OutputTail out, OutputTail err)
    {
        for (OutputTail tail : List.of(out, err)) {
            if (tail.readFailure() != null) {
                String stream = tail == out ? "stdout" : "stderr";
                throw new Internal("reading the " + stream + " of '" + command.display() + "' broke off after " + tail.written() + " bytes: "
                        + tail.readFailure() + " (exit code " + exitCode + "; the rest of its output is lost)");
            }
        }
        return new CommandResult(command, exitCode, decode(out.bytes()), decode(err.bytes()), out.dropped(), err.dropped());
    }

    public static String decode(byte[] bytes)
    {
        if (looksUtf16(bytes)) {
            return new String(bytes, StandardCharsets.UTF_16LE);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Mostly ASCII text in UTF-16LE: every odd byte zero. */
    static boolean looksUtf16(byte[] bytes)
    {
        if (bytes.length < 4 || bytes.length % 2 != 0) {
            return false;
        }
        int zeros = 0;
        for (int i = 1; i < bytes.length; i += 2) {
            if (bytes[i] == 0) {
                zeros++;
            }
        }
        return zeros * 10 >= (bytes.length / 2) * 9;
    }
}

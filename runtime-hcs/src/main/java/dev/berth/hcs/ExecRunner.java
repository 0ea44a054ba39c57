package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Timeout;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.OutputTail;
import dev.berth.hcs.document.ContainerDocuments;
import dev.berth.hcs.document.ProcessParameters;
import dev.berth.hcs.document.ProcessStatus;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a command in a running container with HcsCreateProcess, reading its stdout and stderr pipes on their own
 * threads, bounded by the request's timeout: past it the process is terminated (which ends the pipes) and the
 * exec is a {@link Timeout}.
 */
final class ExecRunner
{
    private static final Logger log = LogManager.getLogger(ExecRunner.class);

    private final HcsClient client;
    private final Duration pollInterval;

    ExecRunner(HcsClient client, Duration pollInterval)
    {
        this.client = requireNonNull(client, "client is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    }

    /** Runs {@code request} in {@code container}, with the environment, user and working directory of its init process. */
    ExecResult run(TrackedContainer container, ExecRequest request)
    {
        String parameters = ContainerDocuments.json(parameters(container.initParameters, request));
        ProcessHandle process = client.createProcess(container.system, parameters);
        try {
            long deadline = System.nanoTime() + request.timeout().toNanos();
            // each stream keeps the last outputLimit bytes the caller asked for and counts the rest: a command printing
            // without end costs a bounded tail, and the result says how much was dropped
            OutputTail out = new OutputTail(request.outputLimit());
            OutputTail err = new OutputTail(request.outputLimit());
            CompletableFuture<Void> stdout = CompletableFuture.runAsync(() -> client.drain(process, true, out), ExecThreads.POOL);
            CompletableFuture<Void> stderr = CompletableFuture.runAsync(() -> client.drain(process, false, err), ExecThreads.POOL);
            try {
                stdout.get(remaining(deadline), TimeUnit.NANOSECONDS);
                stderr.get(remaining(deadline), TimeUnit.NANOSECONDS);
                ProcessStatus status = awaitExit(process, deadline, request.timeout());
                return ExecResult.of((int) status.exitCode(), out, err);
            }
            catch (TimeoutException e) {
                terminate(process);
                throw new Timeout(request.timeout(), e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                terminate(process);
                throw new Timeout(request.timeout(), e);
            }
            catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            }
        }
        finally {
            client.close(process);
        }
    }

    /**
     * HcsCreateProcess inherits nothing from the container's init process: its environment, user and working directory
     * are the exec's only by passing them again (Docker's daemon merges the container's Env and User into an exec's
     * config the same way). The request's environment wins, and its user where it names one.
     */
    static ProcessParameters parameters(String initParameters, ExecRequest request)
    {
        Map<String, String> environment = new TreeMap<>();
        String user = request.user();
        String workingDirectory = "";
        if (!initParameters.isEmpty()) {
            ProcessParameters init = ContainerDocuments.parse(initParameters, ProcessParameters.class);
            if (init.environment() != null) {
                environment.putAll(init.environment());
            }
            user = user.isEmpty() && init.user() != null ? init.user() : user;
            workingDirectory = init.workingDirectory() == null ? "" : init.workingDirectory();
        }
        environment.putAll(request.env());
        return ContainerDocuments.execProcess(request.command(), environment, user, workingDirectory);
    }

    private ProcessStatus awaitExit(ProcessHandle process, long deadline, Duration timeout)
            throws InterruptedException, TimeoutException
    {
        while (true) {
            ProcessStatus status = ContainerDocuments.parse(client.properties(process), ProcessStatus.class);
            if (status.exited()) {
                return status;
            }
            if (remaining(deadline) <= 0) {
                throw new TimeoutException("exec process still running after " + timeout);
            }
            Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), remaining(deadline) / 1_000_000)));
        }
    }

    private void terminate(ProcessHandle process)
    {
        try {
            client.terminate(process);
        }
        catch (RuntimeException e) {
            log.warn("terminating a timed-out exec process failed: {}", e.getMessage());
        }
    }

    private static long remaining(long deadline)
    {
        return Math.max(0, deadline - System.nanoTime());
    }
}

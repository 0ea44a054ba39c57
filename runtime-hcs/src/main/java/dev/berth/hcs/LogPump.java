package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.LogStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Copies a container's init process's stdout and stderr pipes into its {@link ContainerLog} on two daemon threads,
 * until the process ends the pipes. Each thread closes its pipe when done, so handles are never closed under a read.
 */
final class LogPump
{
    private static final Logger log = LogManager.getLogger(LogPump.class);

    private final List<Thread> threads;

    LogPump(HcsClient client, ProcessHandle process, ContainerLog containerLog, String id)
    {
        requireNonNull(client, "client is null");
        requireNonNull(process, "process is null");
        requireNonNull(containerLog, "containerLog is null");
        this.threads = List.of(thread(client, process, containerLog, LogStream.STDOUT, id), thread(client, process, containerLog, LogStream.STDERR, id));
    }

    private static Thread thread(HcsClient client, ProcessHandle process, ContainerLog containerLog, LogStream stream, String id)
    {
        Thread thread = new Thread(() -> {
            try {
                client.pump(process, stream == LogStream.STDOUT, chunk -> containerLog.append(stream, chunk));
            }
            catch (RuntimeException e) {
                log.warn("{} of {} stopped being logged: {}", stream, id, e.toString());
            }
            finally {
                containerLog.finish(stream);
            }
        }, "hcs-log-" + id + "-" + stream.name().toLowerCase(Locale.ROOT));
        thread.setDaemon(true);
        return thread;
    }

    LogPump start()
    {
        threads.forEach(Thread::start);
        return this;
    }

    boolean finished()
    {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Waits up to {@code timeout} for both pipes to end; true when they have. */
    boolean join(Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread thread : threads) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    thread.join(Math.max(1, left / 1_000_000));
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return finished();
    }
}

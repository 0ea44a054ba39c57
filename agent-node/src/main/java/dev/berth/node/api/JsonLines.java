package dev.berth.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * A response of newline-separated JSON objects, each flushed as written; a failed write means the client left.
 * While the stream is silent, an empty line goes out every heartbeat (without blocking anyone): a client that went
 * away is noticed by that write failing, and what waits on the stream's behalf (a log reader blocked on a quiet
 * container) is closed then, rather than holding a thread and a connection until the container next prints.
 */
public final class JsonLines
        implements AutoCloseable
{
    private static final byte[] HEARTBEAT = {'\n'};

    private final Response response;
    private final OutputStream out;
    private final Scheduler scheduler;
    private final long heartbeatNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Closeable> onGone = new CopyOnWriteArrayList<>();
    private volatile long lastWrite = System.nanoTime();
    private volatile boolean gone;
    private volatile boolean closed;
    private CompletableFuture<Void> pending;
    private volatile Scheduler.Task beat;

    JsonLines(Response response, Scheduler scheduler, Duration heartbeat)
    {
        this.response = requireNonNull(response, "response is null");
        this.out = Content.Sink.asOutputStream(response);
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.heartbeatNanos = heartbeat.toNanos();
        schedule();
    }

    /** @return false once the client has gone away */
    public boolean write(JsonNode node)
    {
        if (gone) {
            return false;
        }
        byte[] bytes = (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            if (!awaitHeartbeat()) {
                return false;
            }
            out.write(bytes);
            out.flush();
            lastWrite = System.nanoTime();
            return true;
        }
        catch (IOException e) {
            leave();
            return false;
        }
        finally {
            lock.unlock();
        }
    }

    /** Whether a write (a line or a heartbeat) found the client gone. */
    public boolean gone()
    {
        return gone;
    }

    /** Closes {@code resource} as soon as the client is found gone (at once if it already is). */
    public void onClientGone(Closeable resource)
    {
        onGone.add(resource);
        if (gone) {
            closeQuietly(resource);
        }
    }

    private boolean awaitHeartbeat()
    {
        if (pending == null) {
            return true;
        }
        try {
            // bounded by the connection's idle timeout, which fails a write its client does not take
            pending.get();
            pending = null;
            return true;
        }
        catch (ExecutionException e) {
            leave();
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void schedule()
    {
        if (!closed && !gone) {
            beat = scheduler.schedule(this::heartbeat, heartbeatNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** On the scheduler's thread: must not block, so it skips a beat while a line is being written. */
    private void heartbeat()
    {
        if (closed || gone) {
            return;
        }
        if (lock.tryLock()) {
            try {
                boolean idle = pending == null || pending.isDone();
                if (!closed && idle && System.nanoTime() - lastWrite >= heartbeatNanos / 2) {
                    CompletableFuture<Void> written = new CompletableFuture<>();
                    pending = written;
                    lastWrite = System.nanoTime();
                    response.write(false, ByteBuffer.wrap(HEARTBEAT), Callback.from(() -> written.complete(null), failure -> {
                        written.completeExceptionally(failure);
                        leave();
                    }));
                }
            }
            finally {
                lock.unlock();
            }
        }
        schedule();
    }

    private void leave()
    {
        gone = true;
        onGone.forEach(JsonLines::closeQuietly);
    }

    private static void closeQuietly(Closeable resource)
    {
        try {
            resource.close();
        }
        catch (IOException | RuntimeException e) {
            // ending what served a client that left is best effort
        }
    }

    @Override
    public void close()
    {
        closed = true;
        Scheduler.Task task = beat;
        if (task != null) {
            task.cancel();
        }
        lock.lock();
        try {
            if (awaitHeartbeat()) {
                out.close();
            }
        }
        catch (IOException e) {
            // The client left; nothing to finish.
        }
        finally {
            lock.unlock();
        }
    }
}

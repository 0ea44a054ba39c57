package dev.berth.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an InputStream whose reads give up after a stall: {@link java.net.http.HttpClient}'s own
 * request timeout ends when the headers arrive, and a registry that stops sending mid-blob would otherwise block a
 * download forever.
 */
final class StallGuardedBody
        extends InputStream
        implements HttpResponse.BodySubscriber<InputStream>
{
    private static final List<ByteBuffer> END = List.of();

    private final Duration stallTimeout;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean ended;
    private volatile boolean closed;

    StallGuardedBody(Duration stallTimeout)
    {
        this.stallTimeout = stallTimeout;
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration stallTimeout)
    {
        return responseInfo -> new StallGuardedBody(stallTimeout);
    }

    @Override
    public CompletionStage<InputStream> getBody()
    {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription)
    {
        this.subscription = subscription;
        if (closed) {
            subscription.cancel();
        }
        else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item)
    {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable)
    {
        queue.add(throwable);
    }

    @Override
    public void onComplete()
    {
        queue.add(END);
    }

    @Override
    public int read()
            throws IOException
    {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length)
            throws IOException
    {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (length == 0) {
            return 0;
        }
        while (current == null || !current.hasRemaining()) {
            if (buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            next();
        }
        int count = Math.min(length, current.remaining());
        current.get(target, offset, count);
        return count;
    }

    @SuppressWarnings("unchecked")
    private void next()
            throws IOException
    {
        Object item;
        try {
            item = queue.poll(stallTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while reading the response", e);
        }
        if (item == null) {
            close();
            throw new IOException("no data received for " + stallTimeout.toSeconds() + "s (image.stall-timeout)");
        }
        if (item instanceof Throwable throwable) {
            ended = true;
            throw throwable instanceof IOException io ? io : new IOException(throwable.getMessage(), throwable);
        }
        List<ByteBuffer> list = (List<ByteBuffer>) item;
        if (list == END) {
            ended = true;
            return;
        }
        buffers = list.iterator();
        subscription.request(1);
    }

    @Override
    public void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription current = subscription;
        if (current != null && !ended) {
            current.cancel();
        }
    }
}

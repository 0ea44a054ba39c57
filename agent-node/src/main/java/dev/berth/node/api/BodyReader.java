package dev.berth.node.api;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a request body without holding a thread while the client is slow: Jetty calls back when bytes arrive. A client
 * that starts a body and never ends it costs a connection until the idle timeout, not one of the handler's threads.
 */
final class BodyReader
        implements Runnable
{
    private final Request request;
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<Optional<byte[]>> result = new CompletableFuture<>();

    private BodyReader(Request request, int limit)
    {
        this.request = request;
        this.limit = limit;
    }

    /** The whole body; empty when it is over {@code limit} bytes (reading stops there); failed when the read failed. */
    static CompletableFuture<Optional<byte[]>> read(Request request, int limit)
    {
        BodyReader reader = new BodyReader(request, limit);
        reader.run();
        return reader.result;
    }

    @Override
    public void run()
    {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                result.completeExceptionally(chunk.getFailure());
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            int size = buffer.remaining();
            if (bytes.size() + (long) size > limit) {
                chunk.release();
                result.complete(Optional.empty());
                return;
            }
            byte[] part = new byte[size];
            buffer.get(part);
            bytes.write(part, 0, size);
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                result.complete(Optional.of(bytes.toByteArray()));
                return;
            }
        }
    }
}

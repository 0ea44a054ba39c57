package dev.berth.node.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response whose body is read as it arrives; closing it closes the connection. */
public final class HttpResponse
        implements Closeable
{
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;
    private final SocketChannel channel;

    HttpResponse(int status, Map<String, String> headers, InputStream body, SocketChannel channel)
    {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.channel = channel;
    }

    public int status()
    {
        return status;
    }

    public Map<String, String> headers()
    {
        return headers;
    }

    public InputStream body()
    {
        return body;
    }

    /** The body as text. @throws ResponseTooLarge when it is over {@code limit} bytes, having read no more than that */
    public String bodyText(int limit)
            throws IOException
    {
        byte[] bytes = body.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new ResponseTooLarge("the agent's answer is over " + limit + " bytes; berth reads no more of it");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The body, which fails with {@link ResponseTooLarge} once more than {@code limit} bytes are read from it. */
    public InputStream body(long limit)
    {
        return new LimitedInputStream(body, limit);
    }

    /**
     * The next line of the body (without its newline), or null at its end.
     *
     * @throws ResponseTooLarge when the line is over {@code limit} bytes, having read no more than that
     */
    public String readLine(int limit)
            throws IOException
    {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int b = body.read();
        if (b == -1) {
            return null;
        }
        for (; b != -1 && b != '\n'; b = body.read()) {
            if (line.size() == limit) {
                throw new ResponseTooLarge("a line of the agent's stream is over " + limit + " bytes; berth reads no more of it");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close()
            throws IOException
    {
        channel.close();
    }
}

package dev.berth.node.client;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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

    public String bodyText()
            throws IOException
    {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }

    public BufferedReader lines()
    {
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    @Override
    public void close()
            throws IOException
    {
        channel.close();
    }
}

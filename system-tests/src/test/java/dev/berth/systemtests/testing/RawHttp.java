package dev.berth.systemtests.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 by hand over a socket, for clients that misbehave: requests left unfinished, streams walked away from. */
public final class RawHttp
{
    private RawHttp() {}

    /** A connection with {@code request} (head and whatever body part) written. */
    public static SocketChannel send(SocketAddress address, String request)
            throws IOException
    {
        SocketChannel channel = SocketChannel.open(address);
        try {
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            return channel;
        }
        catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The status line of the response on {@code channel} (blocks until it arrives or the connection ends). */
    public static String statusLine(SocketChannel channel)
            throws IOException
    {
        InputStream in = Channels.newInputStream(channel);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }

    /** Everything the server sends until it closes the connection. */
    public static String readToEnd(SocketChannel channel)
            throws IOException
    {
        return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
    }
}

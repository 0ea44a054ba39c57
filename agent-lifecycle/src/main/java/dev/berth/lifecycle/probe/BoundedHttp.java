package dev.berth.lifecycle.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP GET that reads no more than its status line, within a byte limit and one deadline for the whole exchange.
 * A probed server is the container's: it may answer with endless headers or body, or trickle bytes to defeat a
 * per-read timeout, and none of that may cost the agent more than {@code limit} bytes or {@code timeout}.
 */
final class BoundedHttp
{
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})(?: .*)?");

    private BoundedHttp() {}

    /**
     * @return the status code of {@code GET path}
     * @throws IOException when no status line came within {@code limit} bytes and {@code timeout}, naming what did
     */
    static int status(InetSocketAddress address, String path, Duration timeout, int limit)
            throws IOException
    {
        if (path.indexOf('\r') >= 0 || path.indexOf('\n') >= 0 || !path.startsWith("/")) {
            throw new IOException("not a request path: " + path.replace("\r", "\\r").replace("\n", "\\n"));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(address, remainingMillis(deadline));
            String host = address.getHostString().contains(":") ? "[" + address.getHostString() + "]" : address.getHostString();
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + address.getPort() + "\r\nUser-Agent: berth-probe\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[limit];
            int read = 0;
            int lineEnd = -1;
            while (read < limit && lineEnd < 0) {
                socket.setSoTimeout(remainingMillis(deadline));
                int count;
                try {
                    count = in.read(buffer, read, limit - read);
                }
                catch (SocketTimeoutException e) {
                    throw new SocketTimeoutException("no HTTP status line within the probe's timeout (" + read + " bytes came)");
                }
                if (count < 0) {
                    break;
                }
                for (int i = read; i < read + count && lineEnd < 0; i++) {
                    if (buffer[i] == '\n') {
                        lineEnd = i;
                    }
                }
                read += count;
            }
            if (lineEnd < 0) {
                throw new IOException(read >= limit
                        ? "no HTTP status line in the first " + limit + " bytes of the answer"
                        : "the answer ended after " + read + " bytes without an HTTP status line");
            }
            String line = new String(buffer, 0, lineEnd, StandardCharsets.ISO_8859_1).strip();
            Matcher status = STATUS_LINE.matcher(line);
            if (!status.matches()) {
                throw new IOException("not an HTTP status line: " + escape(line.length() > 80 ? line.substring(0, 80) + "..." : line));
            }
            return Integer.parseInt(status.group(1));
        }
    }

    private static int remainingMillis(long deadline)
            throws SocketTimeoutException
    {
        long remaining = (deadline - System.nanoTime()) / 1_000_000;
        if (remaining <= 0) {
            throw new SocketTimeoutException("no HTTP status line within the probe's timeout");
        }
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    private static String escape(String text)
    {
        return dev.berth.core.text.ControlCharacters.escape(text);
    }
}

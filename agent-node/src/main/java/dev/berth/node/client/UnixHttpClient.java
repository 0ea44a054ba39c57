package dev.berth.node.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * A deliberately small HTTP/1.1 client over a Unix domain socket, for the CLI's fast start: one request per
 * connection, bodies as Content-Length or chunked. It loads a handful of JDK classes, where an HTTP client library
 * would load hundreds.
 */
public final class UnixHttpClient
{
    private final Path socket;

    public UnixHttpClient(Path socket)
    {
        this.socket = requireNonNull(socket, "socket is null");
    }

    public Path socket()
    {
        return socket;
    }

    /** Sends one request; the caller reads and closes the response. @throws IOException when the agent is unreachable */
    public HttpResponse send(String method, String target, String contentType, byte[] body)
            throws IOException
    {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: berth\r\nConnection: close\r\n");
            if (body != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n")
                        .append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = Channels.newOutputStream(channel);
            byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
            if (body == null) {
                out.write(headBytes);
            }
            else {
                byte[] all = new byte[headBytes.length + body.length];
                System.arraycopy(headBytes, 0, all, 0, headBytes.length);
                System.arraycopy(body, 0, all, headBytes.length, body.length);
                out.write(all);
            }
            out.flush();
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024);
            String statusLine = readLine(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response from " + socket + ": " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new TreeMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            InputStream content;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                content = new ChunkedInputStream(in);
            }
            else if (headers.containsKey("content-length")) {
                content = new BoundedInputStream(in, Long.parseLong(headers.get("content-length")));
            }
            else if (status == 204 || status == 304) {
                content = InputStream.nullInputStream();
            }
            else {
                content = in;
            }
            return new HttpResponse(status, headers, content, channel);
        }
        catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static String readLine(InputStream in)
            throws IOException
    {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("connection closed by the agent");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}

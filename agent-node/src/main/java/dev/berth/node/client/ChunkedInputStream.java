package dev.berth.node.client;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body. */
final class ChunkedInputStream
        extends InputStream
{
    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInputStream(InputStream in)
    {
        this.in = in;
    }

    private boolean nextChunk()
            throws IOException
    {
        if (done) {
            return false;
        }
        if (remaining == 0) {
            String line = UnixHttpClient.readLine(in);
            if (line.isEmpty()) {
                // The CRLF after the previous chunk's data.
                line = UnixHttpClient.readLine(in);
            }
            int extension = line.indexOf(';');
            long size = Long.parseLong((extension >= 0 ? line.substring(0, extension) : line).trim(), 16);
            if (size == 0) {
                done = true;
                return false;
            }
            remaining = size;
        }
        return true;
    }

    @Override
    public int read()
            throws IOException
    {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        if (length == 0) {
            return 0;
        }
        if (!nextChunk()) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n == -1) {
            throw new IOException("connection closed inside a chunk");
        }
        remaining -= n;
        return n;
    }
}

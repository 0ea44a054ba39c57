package dev.berth.node.client;

import java.io.IOException;
import java.io.InputStream;

/** The first {@code length} bytes of a stream: a Content-Length body. */
final class BoundedInputStream
        extends InputStream
{
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long length)
    {
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read()
            throws IOException
    {
        if (remaining <= 0) {
            return -1;
        }
        int b = in.read();
        if (b != -1) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }
}

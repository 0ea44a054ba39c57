package dev.berth.node.client;

import java.io.IOException;
import java.io.InputStream;

/** A response body read with a bound: past {@code limit} bytes, reading fails with {@link ResponseTooLarge}. */
final class LimitedInputStream
        extends InputStream
{
    private final InputStream in;
    private final long limit;
    private long read;

    LimitedInputStream(InputStream in, long limit)
    {
        this.in = in;
        this.limit = limit;
    }

    @Override
    public int read()
            throws IOException
    {
        int b = in.read();
        if (b != -1) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        int n = in.read(buffer, offset, (int) Math.min(length, limit - read + 1));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n)
            throws ResponseTooLarge
    {
        read += n;
        if (read > limit) {
            throw new ResponseTooLarge("the agent's answer is over " + limit + " bytes; berth reads no more of it");
        }
    }
}

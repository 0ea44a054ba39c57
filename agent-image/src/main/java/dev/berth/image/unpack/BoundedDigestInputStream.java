package dev.berth.image.unpack;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Optional;

/** Hashes what passes through and refuses to pass more than a limit: the guard against decompression bombs. */
final class BoundedDigestInputStream
        extends FilterInputStream
{
    private final MessageDigest digest;
    private final long limit;
    private long count;

    BoundedDigestInputStream(InputStream in, MessageDigest digest, long limit)
    {
        super(in);
        this.digest = digest;
        this.limit = limit;
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
    public int read(byte[] buffer, int offset, int length)
            throws IOException
    {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
            count += read;
            if (count > limit) {
                throw new UnsafeLayer("layer inflates past the limit of " + limit + " bytes (image.max-layer-size)", Optional.empty(), null, null);
            }
            digest.update(buffer, offset, read);
        }
        return read;
    }

    @Override
    public long skip(long n)
            throws IOException
    {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported()
    {
        return false;
    }

    long count()
    {
        return count;
    }

    void drain()
            throws IOException
    {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // hash the end-of-archive blocks too: the diff_id covers the whole tar
        }
    }
}

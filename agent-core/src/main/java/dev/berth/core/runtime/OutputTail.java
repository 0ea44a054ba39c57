package dev.berth.core.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The last {@code limit} bytes written to it, and a count of the bytes that went before them and were dropped.
 * Whatever a container prints reaches the agent's heap only through one of these, so a command that prints
 * without end costs the agent {@code limit} bytes, not its life.
 */
public final class OutputTail
        extends OutputStream
{
    /** What exec keeps of each stream: enough for any command a person reads, far below the agent's heap. */
    public static final int EXEC_LIMIT = 1 << 20;
    /** What a health probe keeps: its output is only ever shown as a reason. */
    public static final int PROBE_LIMIT = 16 << 10;

    private final byte[] ring;
    private long written;
    private String readFailed;

    public OutputTail(int limit)
    {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.ring = new byte[limit];
    }

    /** Reads {@code stream} to its end into a tail of {@code limit} bytes; an I/O error ends the read early. */
    public static OutputTail drain(InputStream stream, int limit)
    {
        OutputTail tail = new OutputTail(limit);
        try (stream) {
            stream.transferTo(tail);
        }
        catch (IOException e) {
            synchronized (tail) {
                tail.readFailed = String.valueOf(e.getMessage());
            }
        }
        return tail;
    }

    @Override
    public synchronized void write(int b)
    {
        ring[(int) (written % ring.length)] = (byte) b;
        written++;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length)
    {
        if (length >= ring.length) {
            offset += length - ring.length;
            written += length - ring.length;
            length = ring.length;
        }
        while (length > 0) {
            int position = (int) (written % ring.length);
            int chunk = Math.min(length, ring.length - position);
            System.arraycopy(bytes, offset, ring, position, chunk);
            offset += chunk;
            length -= chunk;
            written += chunk;
        }
    }

    /** Every byte written, kept or not. */
    public synchronized long written()
    {
        return written;
    }

    /** The bytes written before the kept tail, which are gone. */
    public synchronized long dropped()
    {
        return Math.max(0, written - ring.length);
    }

    /** The kept bytes, oldest first. */
    public synchronized byte[] bytes()
    {
        int kept = (int) Math.min(written, ring.length);
        byte[] out = new byte[kept];
        int start = (int) ((written - kept) % ring.length);
        int first = Math.min(kept, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, kept - first);
        return out;
    }

    /** The kept bytes as UTF-8 (a character cut at the start of the tail becomes U+FFFD). */
    public String text()
    {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** Why reading stopped before the end of the stream, or null when it reached the end. */
    public synchronized String readFailure()
    {
        return readFailed;
    }
}

package dev.berth.image.unpack;

import java.util.Optional;

/**
 * A layer that cannot be unpacked safely or correctly: an entry escaping the root, a bomb over the size limit, a
 * diff_id mismatch. Internal to the image module; the service turns it into {@code PullFailed}.
 */
public final class UnsafeLayer
        extends RuntimeException
{
    private final Optional<String> entry;
    private final Integer errno;

    public UnsafeLayer(String message, Optional<String> entry, Throwable cause, Integer errno)
    {
        super(message, cause);
        this.entry = entry;
        this.errno = errno;
    }

    public static UnsafeLayer entry(String entry, String problem)
    {
        return new UnsafeLayer("entry '" + entry + "': " + problem, Optional.of(entry), null, null);
    }

    /** The offending tar entry, when one is at fault. */
    public Optional<String> entry()
    {
        return entry;
    }

    public Integer errno()
    {
        return errno;
    }
}

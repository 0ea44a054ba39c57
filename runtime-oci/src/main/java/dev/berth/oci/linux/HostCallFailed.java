package dev.berth.oci.linux;

import java.util.OptionalInt;

/**
 * A {@link HostFilesystem} operation failed. Internal to the backend: callers turn it into the
 * {@link dev.berth.core.error.AgentError} variant their operation reports, keeping the message and errno.
 */
public final class HostCallFailed
        extends RuntimeException
{
    private final Integer errno;

    /**
     * @param message what was attempted on which path, and the failure (strerror text or the command's stderr)
     * @param errno the errno, or {@code null} when unknown
     */
    public HostCallFailed(String message, Integer errno, Throwable cause)
    {
        super(message, cause);
        this.errno = errno;
    }

    public OptionalInt errno()
    {
        return errno == null ? OptionalInt.empty() : OptionalInt.of(errno);
    }

    /** The errno as the {@code AgentError} constructors take it. */
    public Integer errnoOrNull()
    {
        return errno;
    }
}

package dev.berth.image.registry;

/**
 * A registry request that failed: a status the client cannot use, an auth failure, or an I/O error. Internal to the
 * image module; the service turns it into {@code PullFailed}. {@link #retryable()} says whether trying again could help.
 */
public final class RegistryException
        extends RuntimeException
{
    private final int status;
    private final boolean retryable;

    public RegistryException(String message, int status, boolean retryable, Throwable cause)
    {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    /** The HTTP status, or 0 when no response came. */
    public int status()
    {
        return status;
    }

    public boolean retryable()
    {
        return retryable;
    }
}

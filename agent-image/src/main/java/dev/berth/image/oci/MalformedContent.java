package dev.berth.image.oci;

/**
 * A manifest, index, config or archive that does not parse or breaks the spec. Internal to the image module: the
 * service turns it into {@code PullFailed} naming the image.
 */
public final class MalformedContent
        extends RuntimeException
{
    public MalformedContent(String message)
    {
        super(message);
    }

    public MalformedContent(String message, Throwable cause)
    {
        super(message, cause);
    }
}

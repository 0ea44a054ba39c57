package dev.berth.image.store;

/** A blob's bytes did not match its digest or size; nothing was committed and the partial file is gone. */
public final class ContentMismatch
        extends RuntimeException
{
    public ContentMismatch(String message)
    {
        super(message);
    }
}

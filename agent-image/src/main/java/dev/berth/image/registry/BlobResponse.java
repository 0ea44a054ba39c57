package dev.berth.image.registry;

import java.io.InputStream;

/**
 * A blob download in progress. {@code resumed} is true when the registry honoured the Range request, so the body
 * starts at the requested offset; otherwise it starts at byte 0.
 */
public record BlobResponse(InputStream body, boolean resumed)
{
}

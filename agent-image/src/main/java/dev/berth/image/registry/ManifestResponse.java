package dev.berth.image.registry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A manifest as the registry sent it: its bytes, Content-Type and Docker-Content-Digest header. */
public record ManifestResponse(byte[] content, Optional<String> contentType, Optional<String> digestHeader)
{
    public ManifestResponse
    {
        requireNonNull(content, "content is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(digestHeader, "digestHeader is null");
    }
}

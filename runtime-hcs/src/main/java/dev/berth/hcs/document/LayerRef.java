package dev.berth.hcs.document;

import static java.util.Objects.requireNonNull;

/** One image layer as HCS names it: its GUID (from NameToGuid of the folder name) and its folder. */
public record LayerRef(String id, String path)
{
    public LayerRef
    {
        requireNonNull(id, "id is null");
        requireNonNull(path, "path is null");
    }
}

package dev.berth.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns one layer's tar into a layer folder the way a backend's operating system needs it, for a backend that cannot
 * use the Linux unpacker (Windows: hcsshim's {@code pkg/ociwclayer}). The image service stays OS-neutral: it verifies
 * and stores the compressed layer, decompresses it, bounds its size and checks its diff_id, and keeps the folder only
 * when the import succeeded and the digest matched; the importer only writes.
 */
public interface LayerImporter
{
    /**
     * A short, stable name ({@code [a-z0-9-]+}): imported layers are kept under {@code layers/imported/<name>/}, so
     * two importers never share a folder.
     */
    String name();

    /**
     * Imports one layer into {@code target}.
     *
     * @param tar the layer's uncompressed tar; closing it is not needed and does nothing
     * @param target an empty folder that becomes the layer when this returns and the digest matches
     * @param parents the folders of the layers below it, nearest first; empty for a base layer
     * @throws dev.berth.image.unpack.UnsafeLayer naming the entry at fault, for an entry that must not be written;
     *     nothing may then be written outside {@code target}
     */
    void importLayer(InputStream tar, Path target, List<Path> parents)
            throws IOException;
}

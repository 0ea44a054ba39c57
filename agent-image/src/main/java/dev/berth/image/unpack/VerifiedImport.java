package dev.berth.image.unpack;

import static java.util.Objects.requireNonNull;

import dev.berth.image.LayerImporter;
import dev.berth.image.reference.Digests;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Runs a backend's {@link LayerImporter} over a stored layer under the same guards as the Linux unpacker: the stream
 * is decompressed, bounded by the layer size limit and hashed, read to its end after the importer returns, and its
 * digest must equal the diff_id.
 */
public final class VerifiedImport
{
    private final long maxLayerSize;

    public VerifiedImport(long maxLayerSize)
    {
        this.maxLayerSize = maxLayerSize;
    }

    /** @throws UnsafeLayer for an entry the importer refuses, a layer over the limit, or a digest that does not match */
    public void run(LayerImporter importer, InputStream layer, Path target, List<Path> parents, String diffId)
            throws IOException
    {
        requireNonNull(importer, "importer is null");
        String algorithm = Digests.algorithm(diffId);
        MessageDigest digest = Digests.newDigest(algorithm);
        BoundedDigestInputStream bounded = new BoundedDigestInputStream(Compression.decompressed(layer), digest, maxLayerSize);
        importer.importLayer(new FilterInputStream(bounded)
        {
            @Override
            public void close()
            {
                // the stream is drained and closed here, after the importer
            }
        }, target, List.copyOf(parents));
        bounded.drain();
        String actual = Digests.format(algorithm, digest);
        if (!actual.equals(diffId)) {
            throw new UnsafeLayer("uncompressed layer has digest " + actual + " but the image config says " + diffId, Optional.empty(), null, null);
        }
    }
}

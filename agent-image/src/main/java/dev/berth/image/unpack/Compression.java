package dev.berth.image.unpack;

import com.github.luben.zstd.ZstdInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Layer compression, told by the content's magic bytes rather than the media type, which registries get wrong. */
public enum Compression
{
    NONE, GZIP, ZSTD;

    public static Compression detect(BufferedInputStream in)
            throws IOException
    {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** The decompressed content of {@code in}, whatever its compression. */
    public static InputStream decompressed(InputStream raw)
            throws IOException
    {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        return switch (detect(in)) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case ZSTD -> new ZstdInputStream(in);
        };
    }
}

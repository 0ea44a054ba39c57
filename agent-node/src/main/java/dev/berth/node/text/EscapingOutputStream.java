package dev.berth.node.text;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * UTF-8 bytes on their way to a terminal, with every control character but newline and tab escaped as
 * {@link dev.berth.core.text.TerminalText} does: what the CLI prints for people passes through it, whatever the command forgot.
 * C1 controls are the two-byte sequences C2 80..C2 9F.
 */
public final class EscapingOutputStream
        extends FilterOutputStream
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private boolean leadC2;

    public EscapingOutputStream(OutputStream out)
    {
        super(out);
    }

    @Override
    public void write(int b)
            throws IOException
    {
        b &= 0xff;
        if (leadC2) {
            leadC2 = false;
            if (b >= 0x80 && b <= 0x9f) {
                escape("\\u00", b);
                return;
            }
            out.write(0xc2);
        }
        if (b == 0xc2) {
            leadC2 = true;
        }
        else if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7f) {
            escape("\\x", b);
        }
        else {
            out.write(b);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length)
            throws IOException
    {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    private void escape(String prefix, int b)
            throws IOException
    {
        for (int i = 0; i < prefix.length(); i++) {
            out.write(prefix.charAt(i));
        }
        out.write(HEX[b >> 4]);
        out.write(HEX[b & 0xf]);
    }

    @Override
    public void flush()
            throws IOException
    {
        out.flush();
    }
}

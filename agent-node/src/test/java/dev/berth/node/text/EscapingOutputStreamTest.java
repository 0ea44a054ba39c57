package dev.berth.node.text;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EscapingOutputStreamTest
{
    private static final String OSC_TITLE = "demo/busybox\u001b]0;pwned\u0007:latest";

    @Test
    void theStreamEscapesWhatCommandsPrintIncludingC1InUtf8()
            throws IOException
    {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (EscapingOutputStream out = new EscapingOutputStream(terminal)) {
            byte[] bytes = (OSC_TITLE + " \u009b2J é\n").getBytes(StandardCharsets.UTF_8);
            // cut inside the two-byte C1 sequence: the escape must not depend on how writes are cut
            int cut = OSC_TITLE.getBytes(StandardCharsets.UTF_8).length + 2;
            out.write(bytes, 0, cut);
            out.write(bytes, cut, bytes.length - cut);
        }
        assertThat(terminal.toString(StandardCharsets.UTF_8)).isEqualTo("demo/busybox\\x1b]0;pwned\\x07:latest \\u009b2J é\n");
    }
}

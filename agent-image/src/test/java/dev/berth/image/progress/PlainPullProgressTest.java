package dev.berth.image.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

class PlainPullProgressTest
{
    private static final String DIGEST = "sha256:0123456789ab" + "c".repeat(52);

    @Test
    void printsOneLinePerQuarterAndOneAtTheEnd()
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlainPullProgress progress = new PlainPullProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        long size = 4L << 20;
        progress.started(DIGEST, size);
        for (long done = 0; done <= size; done += 256 << 10) {
            progress.progress(DIGEST, done, size);
        }
        progress.finished(DIGEST);

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "0123456789ab: downloading 4.0 MiB",
                "0123456789ab: 25% (1.0 MiB of 4.0 MiB)",
                "0123456789ab: 50% (2.0 MiB of 4.0 MiB)",
                "0123456789ab: 75% (3.0 MiB of 4.0 MiB)",
                "0123456789ab: done");
    }

    @Test
    void terminalBarsFollowProgressAndClose()
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TerminalPullProgress progress = new TerminalPullProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            progress.started(DIGEST, 8L << 20);
            progress.progress(DIGEST, 4L << 20, 8L << 20);
            progress.finished(DIGEST);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("0123456789ab").contains("MiB").contains("100%");
    }
}

package dev.berth.oci.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.Internal;
import dev.berth.core.runtime.OutputTail;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

class ProcessCallTest
{
    private static final Command COMMAND = Command.of(Duration.ofSeconds(5), List.of("runc", "state", "web.1"));

    @Test
    void outputWhoseReadBrokeOffIsAnErrorNamingWhatWasRead()
    {
        OutputTail out = OutputTail.drain(new SequenceInputStream(text("{\"id\":\"web.1\","), failing("Input/output error")), 1024);
        OutputTail err = OutputTail.drain(text(""), 1024);

        assertThatThrownBy(() -> ProcessCall.collect(COMMAND, 0, out, err))
                .isInstanceOf(Internal.class)
                .hasMessageContaining("reading the stdout of 'runc state web.1' broke off after 14 bytes")
                .hasMessageContaining("Input/output error")
                .hasMessageContaining("exit code 0");
    }

    @Test
    void aBrokenStderrIsNamedToo()
    {
        OutputTail out = OutputTail.drain(text("ok"), 1024);
        OutputTail err = OutputTail.drain(failing("Bad file descriptor"), 1024);

        assertThatThrownBy(() -> ProcessCall.collect(COMMAND, 1, out, err)).hasMessageContaining("stderr").hasMessageContaining("Bad file descriptor");
    }

    @Test
    void wholeOutputIsTheResultWithItsDroppedCounts()
    {
        OutputTail out = OutputTail.drain(text("0123456789"), 4);
        OutputTail err = OutputTail.drain(text("warn"), 1024);

        CommandResult result = ProcessCall.collect(COMMAND, 0, out, err);

        assertThat(result.stdout()).isEqualTo("6789");
        assertThat(result.stdoutDropped()).isEqualTo(6);
        assertThat(result.stderr()).isEqualTo("warn");
        assertThat(result.exitCode()).isZero();
    }

    private static InputStream text(String text)
    {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream failing(String message)
    {
        return new InputStream()
        {
            @Override
            public int read()
                    throws IOException
            {
                throw new IOException(message);
            }
        };
    }
}

package dev.berth.core.runtime;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputTailTest
{
    @Test
    void keepsEverythingUnderTheLimit()
    {
        OutputTail tail = OutputTail.drain(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), 8);
        assertThat(tail.text()).isEqualTo("hello");
        assertThat(tail.dropped()).isZero();
        assertThat(tail.written()).isEqualTo(5);
        assertThat(tail.readFailure()).isNull();
    }

    @Test
    void keepsTheLastBytesAndCountsTheRest()
    {
        OutputTail tail = new OutputTail(4);
        tail.write("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
        tail.write("defg".getBytes(StandardCharsets.UTF_8), 1, 3);
        tail.write('h');
        assertThat(tail.text()).isEqualTo("efgh");
        assertThat(tail.dropped()).isEqualTo(3);
        assertThat(tail.written()).isEqualTo(7);
    }

    @Test
    void aWriteLargerThanTheLimitKeepsItsEnd()
    {
        OutputTail tail = new OutputTail(3);
        tail.write('x');
        tail.write("0123456789".getBytes(StandardCharsets.UTF_8), 0, 10);
        assertThat(tail.text()).isEqualTo("789");
        assertThat(tail.dropped()).isEqualTo(8);
    }

    @Test
    void aHugeStreamCostsOnlyTheLimit()
    {
        long size = 50_000_000L;
        InputStream endless = new InputStream()
        {
            private long left = size;

            @Override
            public int read()
            {
                return left-- > 0 ? 'a' : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length)
            {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'a');
                left -= n;
                return n;
            }
        };
        OutputTail tail = OutputTail.drain(endless, 1024);
        assertThat(tail.bytes()).hasSize(1024);
        assertThat(tail.dropped()).isEqualTo(size - 1024);
        ExecResult result = ExecResult.of(0, tail, new OutputTail(8));
        assertThat(result.stdoutDropped()).isEqualTo(size - 1024);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void aReadErrorIsKept()
    {
        InputStream failing = new InputStream()
        {
            @Override
            public int read()
                    throws IOException
            {
                throw new IOException("pipe broke");
            }
        };
        assertThat(OutputTail.drain(failing, 8).readFailure()).isEqualTo("pipe broke");
    }

    @Test
    void refusesANonPositiveLimit()
    {
        assertThatThrownBy(() -> new OutputTail(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExecResult(0, "", "", -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

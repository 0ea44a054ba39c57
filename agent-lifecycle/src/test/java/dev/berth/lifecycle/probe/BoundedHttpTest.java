package dev.berth.lifecycle.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.berth.core.composite.BackendSelector;
import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.composite.InMemoryOwnershipStore;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.OutputTail;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A probed server is the container's, and may answer without end: the http probe reads its status line and no more,
 * within the probe's byte limit and one deadline, and an exec probe's output is cut to a bounded tail.
 */
class BoundedHttpTest
{
    private static final Duration BOUND = Duration.ofSeconds(20);

    private ServerSocket server;
    private final AtomicLong served = new AtomicLong();

    @AfterEach
    void close()
            throws IOException
    {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void endlessHeadersAreNotRead()
            throws Exception
    {
        InetSocketAddress address = serve("HTTP/1.1 200 OK\r\n", "X-Filler: " + "a".repeat(1000) + "\r\n");
        int status = assertTimeoutPreemptively(BOUND, () -> BoundedHttp.status(address, "/health", Duration.ofSeconds(5), OutputTail.PROBE_LIMIT));
        assertThat(status).isEqualTo(200);
    }

    @Test
    void theHttpProbeOfAServerWithEndlessHeadersPassesInBoundedTime()
            throws Exception
    {
        InetSocketAddress address = serve("HTTP/1.1 200 OK\r\n", "X-Filler: " + "a".repeat(1000) + "\r\n");
        Prober prober = new Prober(new CompositeRuntime(Map.of(), new BackendSelector(HostPlatform.linux("amd64"), Map.of(), Map.of()),
                new InMemoryOwnershipStore()));
        ServiceSpec spec = SpecParser.parseService("name: p\nimage: x\nnetwork: host\n");
        ProbeResult result = assertTimeoutPreemptively(BOUND, () -> prober.http("p.1", spec, "", address.getPort(), "/health", 200, Duration.ofSeconds(5)));
        assertThat(result.passed()).as(result.detail()).isTrue();
    }

    @Test
    void aStatusLineWithoutEndIsRefusedAtTheLimit()
            throws Exception
    {
        InetSocketAddress address = serve("", "a".repeat(1000));
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BoundedHttp.status(address, "/", Duration.ofSeconds(5), 4096))
                .hasMessage("no HTTP status line in the first 4096 bytes of the answer"));
    }

    @Test
    void aTrickleEndsAtTheProbesTimeoutNotAtEachRead()
            throws Exception
    {
        InetSocketAddress address = serveTrickle();
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> BoundedHttp.status(address, "/", Duration.ofSeconds(1), 4096))
                .hasMessageContaining("within the probe's timeout"));
    }

    @Test
    void readsTheStatus()
            throws Exception
    {
        InetSocketAddress address = serve("HTTP/1.0 503 Service Unavailable\r\n\r\n", "");
        assertThat(BoundedHttp.status(address, "/ready", Duration.ofSeconds(5), OutputTail.PROBE_LIMIT)).isEqualTo(503);
        assertThatThrownBy(() -> BoundedHttp.status(address, "/a\r\nX: y", Duration.ofSeconds(5), 4096)).hasMessageContaining("not a request path");
    }

    @Test
    void anExecProbesOutputIsABoundedTailThatSaysWhatWasDropped()
    {
        String stdout = "x".repeat(OutputTail.PROBE_LIMIT) + "the last line";
        String shown = Prober.output(new ExecResult(1, stdout, "", 50_000_000, 0));
        assertThat(shown).startsWith("[" + (50_000_000 + 13 + OutputTail.PROBE_LIMIT - Prober.SHOWN_CHARS) + " earlier bytes of output not kept] ")
                .endsWith("the last line");
        assertThat(shown.length()).isLessThan(Prober.SHOWN_CHARS + 60);
        assertThat(Prober.output(new ExecResult(1, "short\n", "err\n"))).isEqualTo("short\nerr");
    }

    /** Answers each connection with {@code head}, then {@code repeat} until the client goes away. */
    private InetSocketAddress serve(String head, String repeat)
            throws IOException
    {
        return start(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = repeat.getBytes(StandardCharsets.US_ASCII);
            while (chunk.length > 0) {
                out.write(chunk);
                served.addAndGet(chunk.length);
            }
            out.flush();
        });
    }

    /** One byte every 100ms, never a line. */
    private InetSocketAddress serveTrickle()
            throws IOException
    {
        return start(socket -> {
            OutputStream out = socket.getOutputStream();
            while (true) {
                out.write('a');
                out.flush();
                try {
                    Thread.sleep(100);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private InetSocketAddress start(Answer answer)
            throws IOException
    {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    readRequest(socket.getInputStream());
                    answer.write(socket);
                }
                catch (IOException e) {
                    // the client went away, or the server closed
                }
            }
        }, "bounded-http-test-server");
        thread.setDaemon(true);
        thread.start();
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private static void readRequest(InputStream in)
            throws IOException
    {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    private interface Answer
    {
        void write(Socket socket)
                throws IOException;
    }
}

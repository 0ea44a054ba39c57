package dev.berth.node.client;

import dev.berth.node.testing.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CLI's client against a scripted agent: it never reads more of an answer than its bound, and says so. */
class BoundedResponseTest
{
    private Path directory;
    private Path socket;
    private ServerSocketChannel server;
    private Thread serving;

    @BeforeEach
    void bind()
            throws IOException
    {
        directory = Files.createTempDirectory("bounded-");
        socket = directory.resolve("agent.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void close()
            throws Exception
    {
        server.close();
        if (serving != null) {
            serving.join(10_000);
        }
        Files.deleteIfExists(socket);
        Files.deleteIfExists(directory);
    }

    /** Answers one connection: skips the request head, then hands the output to {@code answer}. */
    private void answerOnce(Consumer<OutputStream> answer)
    {
        serving = new Thread(() -> {
            try (SocketChannel client = server.accept()) {
                InputStream in = Channels.newInputStream(client);
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b == -1) {
                        return;
                    }
                    matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                answer.accept(Channels.newOutputStream(client));
            }
            catch (IOException e) {
                // the client hung up once it had read its bound: expected
            }
        });
        serving.start();
    }

    private static void write(OutputStream out, String text)
    {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            // the client stopped reading
        }
    }

    @Test
    void anAnswerOverTheBoundIsRefusedNamingIt()
    {
        long size = ApiClient.MAX_RESPONSE_BYTES + 4096L;
        answerOnce(out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + size + "\r\n\r\n{\"stdout\":\"");
            byte[] block = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (long sent = 0; sent < size; sent += block.length) {
                    out.write(block);
                }
            }
            catch (IOException e) {
                // the client stopped at its bound
            }
        });
        assertThatThrownBy(() -> new ApiClient(socket).post("/v1/containers/web/exec", JsonTrees.object()))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("over " + ApiClient.MAX_RESPONSE_BYTES + " bytes");
    }

    @Test
    void aStreamLineOverTheBoundIsRefused()
    {
        answerOnce(out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n\r\n\n{\"text\":\"");
            write(out, "a".repeat(ApiClient.MAX_LINE_BYTES + 1));
        });
        assertThatThrownBy(() -> new ApiClient(socket).stream("GET", "/v1/events", null, line -> true))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("a line of the agent's stream is over " + ApiClient.MAX_LINE_BYTES + " bytes");
    }

    @Test
    void execPrintsTheTailAndSaysOnStderrHowMuchWasDropped()
    {
        String body = "{\"exitCode\":3,\"stdout\":\"the last line\\n\",\"stderr\":\"\",\"stdoutDropped\":49999986,\"stderrDropped\":0}";
        answerOnce(out -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));

        Cli.Result result = new Cli(socket).run("exec", "web", "sh", "-c", "yes");

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("the last line\n");
        assertThat(result.err()).contains("the first 49999986 bytes of its stdout were dropped, the last 14 are shown above")
                .doesNotContain("stderr were dropped");
    }
}

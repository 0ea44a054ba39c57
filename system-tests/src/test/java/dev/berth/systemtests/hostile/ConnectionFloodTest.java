package dev.berth.systemtests.hostile;

import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.RawHttp;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A local user without the token floods the TCP port with idle connections (a bounded 2,000 here; about 20,000 used
 * to exhaust the agent's descriptors). The agent takes no more than its cap, closes unauthenticated idlers within
 * agent.tcp.auth-timeout, keeps its descriptors for its own work, and an attached run meanwhile keeps all its output.
 */
class ConnectionFloodTest
{
    private static final int FLOOD = 2000;
    private static final int CAP = 64;
    private static final String TOKEN = "flood-test-token";

    static Path scratch;
    static AgentFixture fixture;
    static AgentProcess agent;
    static Cli cli;
    static int port;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-flood-");
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        fixture = AgentFixture.start(scratch, "--set", "agent.tcp.port=" + port, "--set", "agent.tcp.token=" + TOKEN,
                "--set", "agent.tcp.max-connections=" + CAP, "--set", "agent.tcp.auth-timeout=2s");
        agent = fixture.agent();
        cli = fixture.cli();
    }

    @AfterAll
    static void stopAgent()
    {
        if (fixture != null) {
            fixture.close();
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    void idleConnectionsWithoutTheTokenAreCappedAndTimedOutAndTheAgentStaysUsable()
            throws Exception
    {
        long before = openDescriptors();
        List<SocketChannel> flood = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.connect(new InetSocketAddress("127.0.0.1", port));
                flood.add(channel);
            }
            // an attached run meanwhile: every line, its exit code, and its --rm
            Result run = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> cli.run("run", "--rm", "--name", "counted", AgentFixture.IMAGE, "seq", "1", "20000"));
            assertThat(run.exit()).isZero();
            assertThat(run.out().lines().count()).isEqualTo(20000);
            assertThat(run.out()).endsWith("\n20000\n");
            assertThat(cli.run("ps", "-q").out()).doesNotContain("counted");

            long during = openDescriptors();
            System.out.println("agent descriptors: " + before + " before, " + during + " during a flood of " + FLOOD);
            assertThat(during - before).as("descriptors the flood took").isLessThan(CAP + 64);
        }
        finally {
            for (SocketChannel channel : flood) {
                channel.close();
            }
        }

        // once the flood ends, the TCP API serves the token's holder again
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String answer = "";
        while (System.nanoTime() < deadline && !answer.startsWith("HTTP/1.1 200")) {
            try (SocketChannel channel = RawHttp.send(new InetSocketAddress("127.0.0.1", port),
                    "GET /v1/ping HTTP/1.1\r\nHost: berth\r\nConnection: close\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n")) {
                answer = RawHttp.readToEnd(channel);
            }
            catch (IOException e) {
                answer = e.toString();
            }
        }
        assertThat(answer).startsWith("HTTP/1.1 200").contains("ready");
    }

    @Test
    void anUnauthenticatedIdleConnectionIsClosedWithinTheAuthTimeout()
            throws Exception
    {
        try (SocketChannel idle = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            String seen = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> RawHttp.readToEnd(idle));
            assertThat(seen).as("closed without a word: it never sent a request").isEmpty();
        }
    }

    private static long openDescriptors()
            throws IOException
    {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(agent.pid()), "fd"))) {
            return descriptors.count();
        }
    }
}

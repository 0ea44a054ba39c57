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

import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Clients of silent streams that go away, and requests left unfinished, against the real agent: the API keeps
 * answering short requests at once, notices the clients that left (by its heartbeats) and frees what they held, and
 * closes what stays idle. Before, about 60 interrupted {@code events -f} held every API thread and {@code ps} hung.
 */
class ApiStreamsTest
{
    private static final String HEAD = " HTTP/1.1\r\nHost: berth\r\n";

    static Path scratch;
    static AgentFixture fixture;
    static AgentProcess agent;
    static Cli cli;
    static UnixDomainSocketAddress address;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-streams-");
        // short bounds, so that the test sees them pass; the defaults are 5s and 30s
        fixture = AgentFixture.start(scratch, "--set", "agent.api.heartbeat=1s", "--set", "agent.api.idle-timeout=5s");
        agent = fixture.agent();
        cli = fixture.cli();
        address = UnixDomainSocketAddress.of(agent.socket());
    }

    @AfterAll
    static void stopAgent()
            throws InterruptedException
    {
        if (fixture != null) {
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(60), fixture::close, "an agent whose API is locked cannot clean up");
            }
            finally {
                agent.kill();
            }
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    void aFloodOfAbandonedStreamsAndUnfinishedBodiesNeitherBlocksPsNorLeaksWhatTheyHeld()
            throws Exception
    {
        assertThat(cli.run("run", "-d", "--name", "quiet", AgentFixture.IMAGE, "sleep", "3600").exit()).isZero();
        List<SocketChannel> unfinished = new ArrayList<>();
        try {
            // an interrupted attached run of a quiet container (first: beyond the stream cap, it would be refused)
            String run = "{\"name\":\"quiet-attached\",\"image\":\"" + AgentFixture.IMAGE + "\",\"command\":[\"sleep\",\"3600\"]}";
            assertThat(abandon("POST /v1/containers?attach=true" + HEAD + "Content-Type: application/json\r\nContent-Length: "
                    + run.length() + "\r\n\r\n" + run)).startsWith("HTTP/1.1 200");
            // interrupted followers: each gets its answer under way, then its client is gone
            List<Callable<String>> abandoned = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                abandoned.add(() -> abandon("GET /v1/events?follow=true" + HEAD + "\r\n"));
                abandoned.add(() -> abandon("GET /v1/containers/quiet/logs?follow=true" + HEAD + "\r\n"));
            }
            ExecutorService clients = Executors.newFixedThreadPool(64);
            try {
                // an answer that never begins (a quiet container's log) is abandoned all the same
                clients.invokeAll(abandoned, 10, TimeUnit.SECONDS);
            }
            finally {
                clients.shutdownNow();
            }
            // bodies begun and never ended
            for (int i = 0; i < 55; i++) {
                unfinished.add(RawHttp.send(address, "POST /v1/deploy" + HEAD + "Transfer-Encoding: chunked\r\n\r\n10\r\nservices:\n  a:\n  \r\n"));
            }

            Result ps = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> cli.run("ps"), "berth ps after the flood");
            assertThat(ps.exit()).isZero();
            assertThat(ps.out()).contains("quiet");

            // the unfinished bodies end at the idle timeout, answered in the JSON error form and closed
            for (SocketChannel channel : unfinished) {
                String answer = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> RawHttp.readToEnd(channel));
                assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"INVALID_SPEC\"").contains("request body could not be read");
            }
        }
        finally {
            for (SocketChannel channel : unfinished) {
                channel.close();
            }
        }

        // every stream slot comes back once heartbeats find the clients gone: as many new followers as the agent
        // allows are served again (while the abandoned ones held them, these were refused with 503)
        List<SocketChannel> followers = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (followers.size() < 64) {
                SocketChannel follower = RawHttp.send(address, "GET /v1/events?follow=true" + HEAD + "\r\n");
                String status = RawHttp.statusLine(follower);
                if (status.startsWith("HTTP/1.1 200")) {
                    followers.add(follower);
                    continue;
                }
                follower.close();
                assertThat(status).startsWith("HTTP/1.1 503");
                assertThat(System.nanoTime()).as("stream slots held by clients that left were freed").isLessThan(deadline);
                Thread.onSpinWait();
            }
            SocketChannel oneTooMany = RawHttp.send(address, "GET /v1/events?follow=true" + HEAD + "Connection: close\r\n\r\n");
            assertThat(RawHttp.readToEnd(oneTooMany)).startsWith("HTTP/1.1 503").contains("agent.api.max-streams");
            oneTooMany.close();
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(1), () -> cli.run("ps")).exit()).as("streams never starve short requests").isZero();
        }
        finally {
            for (SocketChannel follower : followers) {
                follower.close();
            }
        }
        // the attached run whose client left is not removed: its container keeps running, as after a detach
        assertThat(cli.run("ps").out()).contains("quiet-attached");
    }

    /** Sends {@code request}, waits for its answer to begin, and leaves as Ctrl-C does; returns the status line. */
    private static String abandon(String request)
            throws Exception
    {
        try (SocketChannel channel = RawHttp.send(address, request)) {
            return RawHttp.statusLine(channel);
        }
    }
}

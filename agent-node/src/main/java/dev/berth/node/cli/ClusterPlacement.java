package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.client.ApiClient;
import dev.berth.node.client.ApiException;
import dev.berth.core.text.TerminalText;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@code berth run} does with the agent's answer when the node is part of a cluster: names the node the
 * scheduler placed the container on and, attached, follows it on that node's agent when the node's address is a
 * socket this client can reach ({@code unix:/run/berth/berth.sock}, set with {@code bridge.node.address}).
 */
final class ClusterPlacement
{
    static final String UNIX = "unix:";
    private static final Duration APPEAR = Duration.ofSeconds(60);

    private final JsonNode placed;

    ClusterPlacement(JsonNode placed)
    {
        this.placed = placed;
    }

    String id()
    {
        return placed.path("id").asText();
    }

    String service()
    {
        return placed.path("service").asText();
    }

    String node()
    {
        return placed.path("node").asText();
    }

    /** Whether the scheduler placed it within the agent's wait; if not, the status message says why. */
    boolean placed()
    {
        return !node().isEmpty();
    }

    void describe(PrintStream err)
    {
        if (!placed()) {
            err.println("berth: " + TerminalText.escapeLine(id()) + " is not placed yet: " + TerminalText.escapeMultiline(placed.path("message").asText()));
            err.println("hint: 'berth cluster services' shows it; remove it with 'berth cluster' tools or wait for room");
            return;
        }
        String address = placed.path("address").asText();
        err.println("berth: " + TerminalText.escapeLine(id()) + " runs on node '" + TerminalText.escapeLine(node()) + "'"
                + (address.isEmpty() ? "" : " (" + TerminalText.escapeLine(address) + ")"));
    }

    /** The peer's socket, when its address is one. */
    Optional<Path> peerSocket()
    {
        String address = placed.path("address").asText();
        if (!address.startsWith(UNIX)) {
            return Optional.empty();
        }
        String path = address.substring(UNIX.length());
        return Optional.of(Path.of(path.startsWith("//") ? path.substring(2) : path));
    }

    /** Streams the container's output from the peer until it exits; returns its exit code. */
    int follow(Path socket, PrintStream out, PrintStream err)
            throws InterruptedException
    {
        ApiClient peer = new ApiClient(socket);
        String target = "/v1/containers/" + Paths.segment(id());
        long deadline = System.nanoTime() + APPEAR.toNanos();
        while (true) {
            try {
                peer.get(target);
                break;
            }
            catch (ApiException e) {
                if (!e.code().equals("NOT_FOUND") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        peer.stream("GET", target + "/logs?follow=true&tail=-1", null, line -> {
            (line.path("stream").asText().equals("stderr") ? err : out).println(line.path("text").asText());
            return true;
        });
        out.flush();
        JsonNode exit = peer.get(target + "/wait");
        return exit.path("exitCode").asInt(ExitCodes.FAILURE);
    }
}

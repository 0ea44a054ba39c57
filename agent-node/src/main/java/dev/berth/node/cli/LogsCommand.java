package dev.berth.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Print a container's output.")
public final class LogsCommand
        extends ClientCommand
{
    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the container exits.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines.")
    int tail = -1;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call()
    {
        String target = "/v1/containers/" + Paths.segment(name) + "/logs?follow=" + follow + "&tail=" + tail;
        client().stream("GET", target, null, line -> {
            if (json) {
                out().println(line);
            }
            else {
                (line.path("stream").asText().equals("stderr") ? System.err : System.out).println(line.path("text").asText());
            }
            return true;
        });
        return ExitCodes.OK;
    }
}

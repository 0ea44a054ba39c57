package dev.berth.node.cli;

import dev.berth.node.client.JsonTrees;
import org.apache.commons.cli.Options;

public final class LogsCommand
        extends ClientCommand
{
    private boolean follow;
    private int tail;
    private String name;

    @Override
    public String description()
    {
        return "Print a container's output.";
    }

    @Override
    protected String arguments()
    {
        return "NAME";
    }

    @Override
    protected void addCommandOptions(Options options)
    {
        options.addOption(flag("f", "follow", "Keep printing new lines until the container exits."));
        options.addOption(valued("n", "tail", "N", "Only the last N lines."));
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(1);
        follow = arguments.flag("follow");
        tail = arguments.integer("tail", -1);
        name = arguments.positional(0, "NAME");
    }

    @Override
    public int call()
    {
        String target = "/v1/containers/" + Paths.segment(name) + "/logs?follow=" + follow + "&tail=" + tail;
        client().stream("GET", target, null, line -> {
            if (json) {
                out().println(JsonTrees.write(line));
            }
            else {
                (line.path("stream").asText().equals("stderr") ? System.err : System.out).println(line.path("text").asText());
            }
            return true;
        });
        return ExitCodes.OK;
    }
}

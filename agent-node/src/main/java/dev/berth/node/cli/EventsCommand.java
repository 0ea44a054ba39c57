package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.client.JsonTrees;
import dev.berth.core.text.TerminalText;
import org.apache.commons.cli.Options;

import java.util.Iterator;
import java.util.Map;

public final class EventsCommand
        extends ClientCommand
{
    private boolean follow;

    @Override
    public String description()
    {
        return "Print the node's recent events; -f keeps following.";
    }

    @Override
    protected void addCommandOptions(Options options)
    {
        options.addOption(flag("f", "follow", "Keep printing new events."));
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(0);
        follow = arguments.flag("follow");
    }

    @Override
    public int call()
    {
        client().stream("GET", "/v1/events?follow=" + follow, null, event -> {
            if (json) {
                out().println(JsonTrees.write(event));
            }
            else {
                StringBuilder line = new StringBuilder(event.path("t").asText()).append(' ')
                        .append(event.path("type").asText()).append(' ').append(event.path("subject").asText());
                for (Iterator<Map.Entry<String, JsonNode>> attributes = event.path("attributes").fields(); attributes.hasNext(); ) {
                    Map.Entry<String, JsonNode> attribute = attributes.next();
                    line.append(' ').append(attribute.getKey()).append('=').append(attribute.getValue().asText());
                }
                // one event, one line: a subject or attribute cannot add lines or drive the terminal
                TerminalText.escapeInPlace(line, 0, false);
                out().println(line);
            }
            out().flush();
            return true;
        });
        return ExitCodes.OK;
    }
}

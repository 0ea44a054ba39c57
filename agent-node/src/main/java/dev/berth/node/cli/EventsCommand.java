package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Iterator;
import java.util.Map;

@Command(name = "events", description = "Print the node's recent events; -f keeps following.")
public final class EventsCommand
        extends ClientCommand
{
    @Option(names = {"-f", "--follow"}, description = "Keep printing new events.")
    boolean follow;

    @Override
    public Integer call()
    {
        client().stream("GET", "/v1/events?follow=" + follow, null, event -> {
            if (json) {
                out().println(event);
            }
            else {
                StringBuilder line = new StringBuilder(event.path("t").asText()).append(' ')
                        .append(event.path("type").asText()).append(' ').append(event.path("subject").asText());
                for (Iterator<Map.Entry<String, JsonNode>> attributes = event.path("attributes").fields(); attributes.hasNext(); ) {
                    Map.Entry<String, JsonNode> attribute = attributes.next();
                    line.append(' ').append(attribute.getKey()).append('=').append(attribute.getValue().asText());
                }
                out().println(line);
            }
            out().flush();
            return true;
        });
        return ExitCodes.OK;
    }
}

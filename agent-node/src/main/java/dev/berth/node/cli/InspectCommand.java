package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.client.ApiException;
import dev.berth.node.client.JsonTrees;
import dev.berth.core.text.TerminalText;

import java.util.Iterator;
import java.util.Map;

public final class InspectCommand
        extends ClientCommand
{
    private String name;

    @Override
    public String description()
    {
        return "Show a container (or a service's single container) in detail; a service of several replicas as a whole.";
    }

    @Override
    protected String arguments()
    {
        return "NAME";
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(1);
        name = arguments.positional(0, "NAME");
    }

    @Override
    public int call()
    {
        JsonNode container;
        try {
            container = client().get("/v1/containers/" + Paths.segment(name));
        }
        catch (ApiException notOneContainer) {
            // a service of several replicas (or none): its revision, its last update and its containers
            container = serviceOr(notOneContainer);
        }
        if (json) {
            printJson(container);
            return ExitCodes.OK;
        }
        print("", container);
        return ExitCodes.OK;
    }

    private JsonNode serviceOr(ApiException error)
    {
        try {
            return client().get("/v1/services/" + Paths.segment(name));
        }
        catch (ApiException notAService) {
            throw error;
        }
    }

    private void print(String prefix, JsonNode node)
    {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                if (value.isEmpty()) {
                    continue;
                }
                out().println(prefix + TerminalText.escapeLine(field.getKey()) + ":");
                print(prefix + "  ", value);
            }
            else {
                // env keys and values, images, failure messages: one line each, whatever they hold
                out().println(prefix + TerminalText.escapeLine(field.getKey()) + ": "
                        + TerminalText.escapeLine(value.isValueNode() ? value.asText() : JsonTrees.write(value)));
            }
        }
    }
}

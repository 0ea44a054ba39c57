package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Iterator;
import java.util.Map;

@Command(name = "inspect", description = "Show a container (or a service's single container) in detail.")
public final class InspectCommand
        extends ClientCommand
{
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call()
    {
        JsonNode container = client().get("/v1/containers/" + Paths.segment(name));
        if (json) {
            printJson(container);
            return ExitCodes.OK;
        }
        print("", container);
        return ExitCodes.OK;
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
                out().println(prefix + field.getKey() + ":");
                print(prefix + "  ", value);
            }
            else {
                out().println(prefix + field.getKey() + ": " + (value.isValueNode() ? value.asText() : value.toString()));
            }
        }
    }
}

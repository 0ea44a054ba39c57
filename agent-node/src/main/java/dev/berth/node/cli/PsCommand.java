package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ps", description = "List containers.")
public final class PsCommand
        extends ClientCommand
{
    @Option(names = {"-q", "--quiet"}, description = "Print ids only.")
    boolean quiet;

    @Override
    public Integer call()
    {
        JsonNode containers = client().get("/v1/containers");
        if (json) {
            printJson(containers);
            return ExitCodes.OK;
        }
        if (quiet) {
            containers.forEach(container -> out().println(container.path("id").asText()));
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "SERVICE", "IMAGE", "STATE", "BACKEND", "PID/EXIT", "RESTARTS", "CREATED");
        for (JsonNode container : containers) {
            String detail = container.has("pid") ? "pid " + container.get("pid").asText()
                    : container.has("exitCode") ? "exit " + container.get("exitCode").asText() : "";
            table.row(container.path("id").asText(), container.path("service").asText(), container.path("image").asText(),
                    container.path("state").asText(), container.path("backend").asText(), detail,
                    container.path("restarts").asText(), container.path("created").asText());
        }
        table.print(out());
        return ExitCodes.OK;
    }
}

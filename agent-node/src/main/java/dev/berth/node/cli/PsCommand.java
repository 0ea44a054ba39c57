package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.cli.Options;

public final class PsCommand
        extends ClientCommand
{
    private boolean quiet;

    @Override
    public String description()
    {
        return "List containers, running, exited and failed.";
    }

    @Override
    protected void addCommandOptions(Options options)
    {
        options.addOption(flag("a", "all", "Every container, exited and failed ones too: what ps always lists (taken as docker and podman take it)."));
        options.addOption(flag("q", "quiet", "Print ids only."));
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(0);
        quiet = arguments.flag("quiet");
    }

    @Override
    public int call()
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

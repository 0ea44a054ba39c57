package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.cli.Options;

public final class StopCommand
        extends ClientCommand
{
    private String grace;
    private String name;

    @Override
    public String description()
    {
        return "Stop a container, or every container of a service.";
    }

    @Override
    protected String arguments()
    {
        return "NAME";
    }

    @Override
    protected void addCommandOptions(Options options)
    {
        options.addOption(valued("t", "time", "GRACE", "Grace before it is killed, e.g. 10s (default: the service's stopGrace)."));
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(1);
        grace = arguments.value("time");
        name = arguments.positional(0, "NAME");
    }

    @Override
    public int call()
    {
        JsonNode stopped = client().post("/v1/containers/" + Paths.segment(name) + "/stop"
                + (grace == null ? "" : "?grace=" + Paths.segment(grace)), null);
        if (json) {
            printJson(stopped);
        }
        else {
            stopped.forEach(container -> out().println(container.path("id").asText()));
        }
        return ExitCodes.OK;
    }
}

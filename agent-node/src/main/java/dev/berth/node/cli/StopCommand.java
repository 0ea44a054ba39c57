package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stop", description = "Stop a container, or every container of a service.")
public final class StopCommand
        extends ClientCommand
{
    @Option(names = {"-t", "--time"}, paramLabel = "GRACE", description = "Grace before it is killed, e.g. 10s (default: the service's stopGrace).")
    String grace;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call()
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

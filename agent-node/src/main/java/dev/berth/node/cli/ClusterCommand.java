package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "cluster", description = "The cluster as the scheduler bridge sees it.",
        subcommands = {ClusterCommand.Nodes.class, ClusterCommand.Services.class})
public final class ClusterCommand
        implements Callable<Integer>
{
    @Override
    public Integer call()
    {
        new picocli.CommandLine(this).usage(System.err);
        return ExitCodes.INVALID_INPUT;
    }

    @Command(name = "nodes", description = "List the cluster's nodes.")
    public static final class Nodes
            extends ClientCommand
    {
        @Override
        public Integer call()
        {
            JsonNode nodes = client().get("/v1/cluster/nodes");
            if (json) {
                printJson(nodes);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "OS", "ARCH", "STATUS", "BACKENDS");
            nodes.forEach(node -> table.row(node.path("name").asText(), node.path("os").asText(), node.path("arch").asText(),
                    node.path("status").asText(), node.path("backends").asText()));
            table.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "services", description = "List the cluster's services and where they run.")
    public static final class Services
            extends ClientCommand
    {
        @Override
        public Integer call()
        {
            JsonNode services = client().get("/v1/cluster/services");
            if (json) {
                printJson(services);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "IMAGE", "REPLICAS", "STATUS", "NODE");
            services.forEach(service -> table.row(service.path("name").asText(), service.path("image").asText(),
                    service.path("replicas").asText(), service.path("status").asText(), service.path("node").asText()));
            table.print(out());
            return ExitCodes.OK;
        }
    }
}

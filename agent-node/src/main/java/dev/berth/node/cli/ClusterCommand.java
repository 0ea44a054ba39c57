package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.function.Supplier;

public final class ClusterCommand
        extends CliCommand
{
    @Override
    public String description()
    {
        return "The cluster as the scheduler bridge sees it.";
    }

    @Override
    protected Map<String, Supplier<CliCommand>> subcommands()
    {
        return Map.of("nodes", Nodes::new, "services", Services::new);
    }

    @Override
    public int call()
    {
        printHelp(System.err, "berth cluster");
        return ExitCodes.INVALID_INPUT;
    }

    public static final class Nodes
            extends ClientCommand
    {
        @Override
        public String description()
        {
            return "List the cluster's nodes.";
        }

        @Override
        public int call()
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

    public static final class Services
            extends ClientCommand
    {
        @Override
        public String description()
        {
            return "List the cluster's services and where they run.";
        }

        @Override
        public int call()
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

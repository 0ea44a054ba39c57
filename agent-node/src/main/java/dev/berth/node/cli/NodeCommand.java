package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

public final class NodeCommand
        extends ClientCommand
{
    @Override
    public String description()
    {
        return "This node: os, arch, build, backends, GPUs, capacity, recovery.";
    }

    @Override
    protected Map<String, Supplier<CliCommand>> subcommands()
    {
        return Map.of("drain", Drain::new, "undrain", Undrain::new);
    }

    @Override
    public int call()
    {
        JsonNode node = client().get("/v1/node");
        if (json) {
            printJson(node);
            return ExitCodes.OK;
        }
        out().println("name:      " + node.path("name").asText());
        out().println("os/arch:   " + node.path("os").asText() + "/" + node.path("arch").asText()
                + (node.hasNonNull("windowsBuild") ? " build " + node.get("windowsBuild").asText() : "")
                + " (kernel " + node.path("kernel").asText() + (node.path("wsl2").asBoolean() ? ", WSL2" : "") + ")");
        out().println("build:     " + node.path("build").asText());
        out().println("status:    " + (node.path("draining").asBoolean() ? "draining" : "ready"));
        out().println("backends:");
        for (Iterator<Map.Entry<String, JsonNode>> backends = node.path("backends").fields(); backends.hasNext(); ) {
            Map.Entry<String, JsonNode> backend = backends.next();
            out().println("  " + backend.getKey() + ": " + backend.getValue().path("status").asText()
                    + (backend.getValue().has("reason") ? " (" + backend.getValue().get("reason").asText() + ")" : ""));
        }
        if (node.path("gpus").isEmpty()) {
            out().println("gpus:      none");
        }
        else {
            out().println("gpus:      " + node.path("gpus").size() + " (from " + node.path("gpuSource").asText() + ")");
            for (JsonNode gpu : node.path("gpus")) {
                out().println("  " + gpu.path("index").asInt() + ": " + gpu.path("model").asText()
                        + (gpu.path("memoryBytes").asLong() > 0 ? ", " + Sizes.human(gpu.path("memoryBytes").asLong()) : "")
                        + (gpu.has("pciAddress") ? " at " + gpu.path("pciAddress").asText() : ""));
            }
        }
        JsonNode capacity = node.path("capacity");
        out().println("capacity:  " + capacity.path("cpus").asInt() + " cpus, " + Sizes.human(capacity.path("memoryBytes").asLong()) + " memory");
        NodeConditionsText.print(node, out());
        JsonNode recovery = node.path("recovery");
        out().println("recovery:  " + recovery.path("adopted").size() + " adopted, " + recovery.path("restarted").size() + " restarted, "
                + recovery.path("exited").size() + " exited, " + recovery.path("failed").size() + " failed, "
                + recovery.path("orphans").size() + " orphans in " + recovery.path("durationMillis").asLong() + " ms");
        out().println("previous:  " + node.path("previousAgent").asText());
        return ExitCodes.OK;
    }

    public static final class Drain
            extends ClientCommand
    {
        @Override
        public String description()
        {
            return "Stop placing new work on this node.";
        }

        @Override
        public int call()
        {
            JsonNode node = client().post("/v1/node/drain", null);
            if (json) {
                printJson(node);
            }
            else {
                out().println(node.path("name").asText() + ": " + node.path("status").asText());
            }
            return ExitCodes.OK;
        }
    }

    public static final class Undrain
            extends ClientCommand
    {
        @Override
        public String description()
        {
            return "Place work on this node again.";
        }

        @Override
        public int call()
        {
            JsonNode node = client().post("/v1/node/undrain", null);
            if (json) {
                printJson(node);
            }
            else {
                out().println(node.path("name").asText() + ": " + node.path("status").asText());
            }
            return ExitCodes.OK;
        }
    }
}

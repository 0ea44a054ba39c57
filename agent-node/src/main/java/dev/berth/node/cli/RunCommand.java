package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.node.client.JsonTrees;
import dev.berth.node.client.ApiException;
import org.apache.commons.cli.Options;

import java.util.List;

public final class RunCommand
        extends ClientCommand
{
    private String name;
    private boolean detach;
    private boolean remove;
    private boolean here;
    private List<String> env;
    private String memory;
    private String platform;
    private String image;
    private List<String> command;

    @Override
    public String description()
    {
        return "Run a container. Without -d, streams its output and exits with its exit code. "
                + "Options go before IMAGE: everything after it is the container's command line.";
    }

    @Override
    protected String arguments()
    {
        return "IMAGE [CMD...]";
    }

    @Override
    protected boolean stopAtPositional()
    {
        return true;
    }

    @Override
    protected void addCommandOptions(Options options)
    {
        options.addOption(valued(null, "name", "NAME", "The container's service name (default: generated)."));
        options.addOption(flag("d", "detach", "Start it and print its id, without waiting."));
        options.addOption(flag(null, "rm", "Remove the container when it exits."));
        options.addOption(valued("e", "env", "K=V", "Set an environment variable (repeatable)."));
        options.addOption(valued("m", "memory", "SIZE", "Memory limit, e.g. 64Mi."));
        options.addOption(flag(null, "here", "Run it on this node even when the node is part of a cluster (bridge.mode=etcd), "
                + "where run otherwise goes through the scheduler and runs on the node it picks."));
        options.addOption(valued(null, "platform", "OS[/ARCH[/VARIANT]]", "The platform to run or pull: linux, windows/amd64, linux/arm64/v8."));
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        name = arguments.value("name");
        detach = arguments.flag("detach");
        remove = arguments.flag("rm");
        here = arguments.flag("here");
        if (detach && remove) {
            // the agent removes an --rm container when the attached run it streams ends; a detached one has no such run
            throw new CliUsageError("--rm cannot be combined with -d: nothing would remove the container after it exits; "
                    + "run it attached, or 'berth rm' it later");
        }
        env = arguments.values("env");
        for (String entry : env) {
            if (entry.indexOf('=') <= 0) {
                throw new CliUsageError("--env " + entry + ": expected K=V");
            }
        }
        memory = arguments.value("memory");
        platform = arguments.platform("platform");
        image = arguments.positional(0, "IMAGE");
        command = arguments.rest(1);
    }

    @Override
    public int call()
    {
        ObjectNode request = JsonTrees.object();
        if (name != null) {
            request.put("name", name);
        }
        request.put("image", image);
        ArrayNode args = request.putArray("command");
        command.forEach(args::add);
        ObjectNode environment = request.putObject("env");
        for (String entry : env) {
            int equals = entry.indexOf('=');
            environment.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        if (memory != null) {
            request.put("memory", memory);
        }
        if (platform != null) {
            request.put("platform", platform);
        }
        request.put("rm", remove);
        if (here) {
            request.put("here", true);
        }
        if (detach) {
            JsonNode view = client().post("/v1/containers", request);
            if (view.has("placed")) {
                return placedDetached(new ClusterPlacement(view.get("placed")));
            }
            if (json) {
                printJson(view);
            }
            else {
                out().println(view.path("id").asText());
            }
            return ExitCodes.OK;
        }
        int[] exit = {ExitCodes.FAILURE};
        ClusterPlacement[] placement = {null};
        client().stream("POST", "/v1/containers?attach=true", request, line -> {
            if (line.has("placed")) {
                placement[0] = new ClusterPlacement(line.get("placed"));
                return false;
            }
            if (line.has("log")) {
                JsonNode log = line.get("log");
                (log.path("stream").asText().equals("stderr") ? System.err : System.out).println(log.path("text").asText());
            }
            else if (line.has("exit")) {
                exit[0] = line.get("exit").path("exitCode").asInt(ExitCodes.FAILURE);
                return false;
            }
            else if (line.has("error")) {
                throw new ApiException(500, line.get("error"));
            }
            return true;
        });
        System.out.flush();
        if (placement[0] != null) {
            return placedAttached(placement[0]);
        }
        return exit[0];
    }

    private int placedDetached(ClusterPlacement placement)
    {
        if (json) {
            printJson(JsonTrees.object().set("placed", JsonTrees.object().put("id", placement.id()).put("node", placement.node())));
        }
        else {
            out().println(placement.id());
        }
        placement.describe(System.err);
        return placement.placed() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private int placedAttached(ClusterPlacement placement)
    {
        placement.describe(System.err);
        if (!placement.placed()) {
            return ExitCodes.FAILURE;
        }
        var socket = placement.peerSocket();
        if (socket.isEmpty()) {
            System.err.println("berth: that node gives no socket address (bridge.node.address=unix:PATH) to follow it from here; "
                    + "follow it there with 'berth logs -f " + placement.id() + "'");
            return ExitCodes.OK;
        }
        int exit;
        try {
            exit = placement.follow(socket.get(), System.out, System.err);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        }
        if (remove) {
            // the scheduler stops and removes it on its node, as --rm does here
            client().delete("/v1/cluster/services/" + Paths.segment(placement.service()));
        }
        return exit;
    }
}

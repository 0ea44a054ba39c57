package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.node.client.AgentClient;
import dev.berth.node.client.ApiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "run", description = "Run a container. Without -d, streams its output and exits with its exit code.")
public final class RunCommand
        extends ClientCommand
{
    @Option(names = "--name", paramLabel = "NAME", description = "The container's service name (default: generated).")
    String name;

    @Option(names = {"-d", "--detach"}, description = "Start it and print its id, without waiting.")
    boolean detach;

    @Option(names = "--rm", description = "Remove the container when it exits.")
    boolean remove;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set an environment variable (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Memory limit, e.g. 64Mi.")
    String memory;

    @Option(names = "--platform", paramLabel = "OS", description = "linux or windows.")
    String platform;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image.")
    String image;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call()
    {
        ObjectNode request = AgentClient.object();
        if (name != null) {
            request.put("name", name);
        }
        request.put("image", image);
        ArrayNode args = request.putArray("command");
        command.forEach(args::add);
        ObjectNode environment = request.putObject("env");
        for (String entry : env) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--env " + entry + ": expected K=V");
            }
            environment.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        if (memory != null) {
            request.put("memory", memory);
        }
        if (platform != null) {
            request.put("platform", platform);
        }
        request.put("rm", remove);
        if (detach) {
            JsonNode view = client().post("/v1/containers", request);
            if (json) {
                printJson(view);
            }
            else {
                out().println(view.path("id").asText());
            }
            return ExitCodes.OK;
        }
        int[] exit = {ExitCodes.FAILURE};
        client().stream("POST", "/v1/containers?attach=true", request, line -> {
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
        return exit[0];
    }
}

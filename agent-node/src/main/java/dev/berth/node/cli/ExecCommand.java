package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.node.client.AgentClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "exec", description = "Run a command in a running container; exits with the command's exit code.")
public final class ExecCommand
        extends ClientCommand
{
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD")
    List<String> command;

    @Override
    public Integer call()
    {
        ObjectNode request = AgentClient.object();
        command.forEach(request.putArray("command")::add);
        JsonNode result = client().post("/v1/containers/" + Paths.segment(name) + "/exec", request);
        if (json) {
            printJson(result);
        }
        else {
            System.out.print(result.path("stdout").asText());
            System.err.print(result.path("stderr").asText());
        }
        System.out.flush();
        return result.path("exitCode").asInt(ExitCodes.FAILURE);
    }
}

package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.node.client.JsonTrees;

import java.util.List;

public final class ExecCommand
        extends ClientCommand
{
    private String name;
    private List<String> command;

    @Override
    public String description()
    {
        return "Run a command in a running container; exits with the command's exit code. "
                + "Options go before NAME: everything after it is the command line.";
    }

    @Override
    protected String arguments()
    {
        return "NAME CMD...";
    }

    @Override
    protected boolean stopAtPositional()
    {
        return true;
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        name = arguments.positional(0, "NAME");
        arguments.positional(1, "CMD");
        command = arguments.rest(1);
    }

    @Override
    public int call()
    {
        ObjectNode request = JsonTrees.object();
        command.forEach(request.putArray("command")::add);
        JsonNode result = client().post("/v1/containers/" + Paths.segment(name) + "/exec", request);
        if (json) {
            printJson(result);
        }
        else {
            // the command's own output, byte for byte as the agent kept it (the tail when it was long)
            System.out.print(result.path("stdout").asText());
            System.err.print(result.path("stderr").asText());
            System.out.flush();
            reportDropped("stdout", result);
            reportDropped("stderr", result);
        }
        System.out.flush();
        return result.path("exitCode").asInt(ExitCodes.FAILURE);
    }

    private static void reportDropped(String stream, JsonNode result)
    {
        long dropped = result.path(stream + "Dropped").asLong(0);
        if (dropped > 0) {
            System.err.println();
            System.err.println("berth: exec printed more than the agent keeps: the first " + dropped + " bytes of its " + stream
                    + " were dropped, the last " + result.path(stream).asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + " are shown above");
        }
    }
}

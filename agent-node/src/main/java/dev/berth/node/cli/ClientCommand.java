package dev.berth.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.client.AgentClient;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** A command that talks to the agent: {@code --socket}, {@code --json}, and the client. */
public abstract class ClientCommand
        implements Callable<Integer>
{
    @Option(names = "--socket", paramLabel = "PATH", description = "The agent's API socket (default: $BERTH_SOCKET, else /run/berth/berth.sock).")
    Path socket;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    private AgentClient client;

    protected final AgentClient client()
    {
        if (client == null) {
            client = new AgentClient(AgentClient.resolveSocket(socket));
        }
        return client;
    }

    public boolean json()
    {
        return json;
    }

    protected final PrintStream out()
    {
        return System.out;
    }

    protected final void printJson(JsonNode node)
    {
        try {
            out().println(AgentClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        }
        catch (JsonProcessingException e) {
            out().println(node);
        }
    }
}

package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.client.ApiClient;
import dev.berth.node.client.JsonTrees;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.nio.file.Path;

/** A command that talks to the agent: {@code --socket}, {@code --json}, and the client. */
public abstract class ClientCommand
        extends CliCommand
{
    Path socket;
    boolean json;

    private ApiClient client;

    @Override
    protected final void addOptions(Options options)
    {
        options.addOption(valued(null, "socket", "PATH", "The agent's API socket (default: $BERTH_SOCKET, else /run/berth/berth.sock)."));
        options.addOption(flag(null, "json", "Print JSON instead of text."));
        addCommandOptions(options);
    }

    /** Adds the command's options beside {@code --socket} and {@code --json}. */
    protected void addCommandOptions(Options options) {}

    @Override
    protected final void bind(Arguments arguments)
    {
        socket = arguments.path("socket");
        json = arguments.flag("json");
        bindCommand(arguments);
    }

    /** Takes the command's own values; by default it takes no positional arguments. */
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(0);
    }

    protected final ApiClient client()
    {
        if (client == null) {
            client = new ApiClient(ApiClient.resolveSocket(socket));
        }
        return client;
    }

    @Override
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
        out().println(JsonTrees.pretty(node));
    }
}

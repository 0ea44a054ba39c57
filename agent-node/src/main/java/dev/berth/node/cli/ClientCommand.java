package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.client.ApiClient;
import dev.berth.node.client.JsonTrees;
import org.apache.commons.cli.Options;

import dev.berth.node.text.EscapingOutputStream;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A command that talks to the agent: {@code --socket}, {@code --json}, and the client. */
public abstract class ClientCommand
        extends CliCommand
{
    private PrintStream escapedFor;
    private PrintStream escaped;

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

    /**
     * Standard output for what people read: control characters in it (from container names, images, env values,
     * errors) are escaped on the way. Byte-exact output (logs, an attached run) goes to System.out itself.
     */
    protected final PrintStream out()
    {
        PrintStream out = System.out;
        if (out != escapedFor) {
            escapedFor = out;
            escaped = new PrintStream(new EscapingOutputStream(out), true, StandardCharsets.UTF_8);
        }
        return escaped;
    }

    protected final void printJson(JsonNode node)
    {
        out().println(JsonTrees.pretty(node));
    }
}

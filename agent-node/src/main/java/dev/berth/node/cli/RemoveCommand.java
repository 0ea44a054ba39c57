package dev.berth.node.cli;

import org.apache.commons.cli.Options;

public final class RemoveCommand
        extends ClientCommand
{
    private boolean force;
    private String name;

    @Override
    public String description()
    {
        return "Remove a container and its record.";
    }

    @Override
    protected String arguments()
    {
        return "NAME";
    }

    @Override
    protected void addCommandOptions(Options options)
    {
        options.addOption(flag("f", "force", "Stop it first if it is running."));
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(1);
        force = arguments.flag("force");
        name = arguments.positional(0, "NAME");
    }

    @Override
    public int call()
    {
        client().delete("/v1/containers/" + Paths.segment(name) + "?force=" + force);
        if (!json) {
            out().println(name);
        }
        return ExitCodes.OK;
    }
}

package dev.berth.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", description = "Remove a container and its record.")
public final class RemoveCommand
        extends ClientCommand
{
    @Option(names = {"-f", "--force"}, description = "Stop it first if it is running.")
    boolean force;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call()
    {
        client().delete("/v1/containers/" + Paths.segment(name) + "?force=" + force);
        if (!json) {
            out().println(name);
        }
        return ExitCodes.OK;
    }
}

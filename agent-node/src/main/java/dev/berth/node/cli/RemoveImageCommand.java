package dev.berth.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rmi", description = "Remove an image's name; its blobs go at the next garbage collection.")
public final class RemoveImageCommand
        extends ClientCommand
{
    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Override
    public Integer call()
    {
        client().delete("/v1/images?reference=" + Paths.segment(image));
        if (!json) {
            out().println("removed " + image);
        }
        return ExitCodes.OK;
    }
}

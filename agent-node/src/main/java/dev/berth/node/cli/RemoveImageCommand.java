package dev.berth.node.cli;

public final class RemoveImageCommand
        extends ClientCommand
{
    private String image;

    @Override
    public String description()
    {
        return "Remove an image's name; its blobs go at the next garbage collection.";
    }

    @Override
    protected String arguments()
    {
        return "IMAGE";
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(1);
        image = arguments.positional(0, "IMAGE");
    }

    @Override
    public int call()
    {
        client().delete("/v1/images?reference=" + Paths.segment(image));
        if (!json) {
            out().println("removed " + image);
        }
        return ExitCodes.OK;
    }
}

package dev.berth.node;

import dev.berth.node.cli.BerthCommand;

/** The {@code berth} entry point: the agent ({@code berth agent}) and every client command. */
public final class Main
{
    private Main() {}

    public static void main(String[] args)
    {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; used in-process by tests. */
    public static int run(String... args)
    {
        return BerthCommand.run(args);
    }
}

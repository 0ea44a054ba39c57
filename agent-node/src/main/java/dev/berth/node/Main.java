package dev.berth.node;

import dev.berth.node.cli.BerthCommand;
import dev.berth.node.cli.CliErrors;
import picocli.CommandLine;

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
        CommandLine commandLine = new CommandLine(new BerthCommand());
        // After IMAGE (run) or NAME (exec), everything is the container's command line, options included.
        commandLine.getSubcommands().get("run").setStopAtPositional(true);
        commandLine.getSubcommands().get("exec").setStopAtPositional(true);
        commandLine.setParameterExceptionHandler(CliErrors::parameterError);
        commandLine.setExecutionExceptionHandler(CliErrors::executionError);
        return commandLine.execute(args);
    }
}

package dev.berth.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "berth", mixinStandardHelpOptions = true, versionProvider = BerthCommand.VersionProvider.class,
        description = "A node agent that runs containers, and its command line.",
        subcommands = {
                AgentCommand.class, RunCommand.class, DeployCommand.class, PsCommand.class, InspectCommand.class,
                LogsCommand.class, StopCommand.class, RemoveCommand.class, ExecCommand.class, PullCommand.class,
                LoadCommand.class, ImagesCommand.class, RemoveImageCommand.class, NodeCommand.class, ClusterCommand.class,
                EventsCommand.class, DoctorCommand.class})
public final class BerthCommand
        implements Callable<Integer>
{
    @Override
    public Integer call()
    {
        new CommandLine(this).usage(System.err);
        return ExitCodes.INVALID_INPUT;
    }

    static final class VersionProvider
            implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            String version = BerthCommand.class.getPackage().getImplementationVersion();
            return new String[] {"berth " + (version == null ? "dev" : version)};
        }
    }
}

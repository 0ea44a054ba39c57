package dev.berth.node.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code berth} itself: picks the command by its first word (and a group's second: {@code node drain}), builds only
 * that command's options, parses with commons-cli, and runs it. Building every command's model on each call was most
 * of the CLI's start-up cost.
 */
public final class BerthCommand
{
    private static final Option VERSION = Option.builder("V").longOpt("version").desc("Print the version and exit.").build();
    private static final Map<String, Supplier<CliCommand>> COMMANDS = commands();

    private BerthCommand() {}

    private static Map<String, Supplier<CliCommand>> commands()
    {
        // In the order the help lists them.
        Map<String, Supplier<CliCommand>> commands = new LinkedHashMap<>();
        commands.put("agent", AgentCommand::new);
        commands.put("run", RunCommand::new);
        commands.put("deploy", DeployCommand::new);
        commands.put("ps", PsCommand::new);
        commands.put("inspect", InspectCommand::new);
        commands.put("logs", LogsCommand::new);
        commands.put("stop", StopCommand::new);
        commands.put("rm", RemoveCommand::new);
        commands.put("exec", ExecCommand::new);
        commands.put("pull", PullCommand::new);
        commands.put("load", LoadCommand::new);
        commands.put("images", ImagesCommand::new);
        commands.put("rmi", RemoveImageCommand::new);
        commands.put("node", NodeCommand::new);
        commands.put("cluster", ClusterCommand::new);
        commands.put("events", EventsCommand::new);
        commands.put("doctor", DoctorCommand::new);
        return Collections.unmodifiableMap(commands);
    }

    /** Runs one command line; returns its exit code. */
    public static int run(String... args)
    {
        if (args.length == 0) {
            usage(System.err);
            return ExitCodes.INVALID_INPUT;
        }
        String first = args[0];
        if (first.equals("-h") || first.equals("--help")) {
            usage(System.out);
            return ExitCodes.OK;
        }
        if (first.equals("-V") || first.equals("--version")) {
            System.out.println(version());
            return ExitCodes.OK;
        }
        Supplier<CliCommand> factory = COMMANDS.get(first);
        if (factory == null) {
            if (first.startsWith("-")) {
                // docker -H and podman --url habits: say where command options go rather than only that this is unknown
                return CliErrors.usageError("berth", "unknown option '" + first + "' before the command: only --help and --version"
                        + " go there; put a command's options after it (berth COMMAND " + first + " ...)");
            }
            return CliErrors.usageError("berth", "unknown command '" + first + "'");
        }
        CliCommand command = factory.get();
        StringBuilder path = new StringBuilder("berth ").append(first);
        int next = 1;
        while (next < args.length && command.subcommands().containsKey(args[next])) {
            command = command.subcommands().get(args[next]).get();
            path.append(' ').append(args[next]);
            next++;
        }
        if (!command.subcommands().isEmpty() && next < args.length && !args[next].startsWith("-")) {
            return CliErrors.usageError(path.toString(), "unknown command '" + path.substring("berth ".length()) + " " + args[next] + "'");
        }
        return execute(command, path.toString(), Arrays.copyOfRange(args, next, args.length));
    }

    private static int execute(CliCommand command, String path, String[] args)
    {
        Options options = command.options();
        try {
            CommandLine line = DefaultParser.builder()
                    .setAllowPartialMatching(false)
                    .setStripLeadingAndTrailingQuotes(false)
                    .build()
                    .parse(options, args, command.stopAtPositional());
            if (line.hasOption(CliCommand.HELP.getLongOpt())) {
                command.printHelp(System.out, path);
                return ExitCodes.OK;
            }
            Arguments arguments = new Arguments(line, options);
            // Stopping at the first positional also stops at an unknown option, which would pass for IMAGE or NAME.
            String first = arguments.optionalPositional(0);
            if (command.stopAtPositional() && first != null && first.length() > 1 && first.startsWith("-")) {
                throw new CliUsageError("unknown option '" + first + "'");
            }
            command.bind(arguments);
        }
        catch (ParseException e) {
            return CliErrors.usageError(path, CliErrors.describe(e));
        }
        catch (CliUsageError e) {
            return CliErrors.usageError(path, e.getMessage());
        }
        try {
            return command.call();
        }
        catch (Exception e) {
            return CliErrors.executionError(e, command.json());
        }
    }

    private static void usage(PrintStream out)
    {
        PrintWriter writer = new PrintWriter(out);
        HelpFormatter formatter = new HelpFormatter();
        formatter.printHelp(writer, CliCommand.HELP_WIDTH, "berth [OPTIONS] COMMAND [ARGS...]",
                "\nA node agent that runs containers, and its command line.\n\nOptions:",
                new Options().addOption(CliCommand.HELP).addOption(VERSION), CliCommand.HELP_LEFT_PAD, CliCommand.HELP_DESCRIPTION_PAD,
                null, false);
        Map<String, String> descriptions = new LinkedHashMap<>();
        COMMANDS.forEach((name, factory) -> descriptions.put(name, factory.get().description()));
        CliCommand.printCommands(formatter, writer, descriptions);
        writer.println();
        writer.println("'berth COMMAND --help' shows a command's options.");
        writer.flush();
    }

    static String version()
    {
        String version = BerthCommand.class.getPackage().getImplementationVersion();
        return "berth " + (version == null ? "dev" : version);
    }
}

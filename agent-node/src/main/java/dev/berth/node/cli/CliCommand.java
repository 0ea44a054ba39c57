package dev.berth.node.cli;

import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One {@code berth} command: its options, how it takes its values from the parsed command line, and what it does.
 * An instance serves one invocation; only the invoked command's options are ever built.
 */
public abstract class CliCommand
{
    static final Option HELP = Option.builder("h").longOpt("help").desc("Show this help and exit.").build();
    static final int HELP_WIDTH = 100;
    static final int HELP_LEFT_PAD = 2;
    static final int HELP_DESCRIPTION_PAD = 3;

    /** One or two sentences for the help. */
    public abstract String description();

    /** What follows the options in the usage line, e.g. {@code IMAGE [CMD...]}; empty when it takes no arguments. */
    protected String arguments()
    {
        return "";
    }

    /** Adds this command's own options ({@code -h/--help} is added for every command). */
    protected void addOptions(Options options) {}

    /** Takes the option values and positional arguments; throws {@link CliUsageError} naming what is wrong. */
    protected void bind(Arguments arguments)
    {
        arguments.noMoreThan(0);
    }

    /** Everything after the first positional argument is positional, options included (run after IMAGE, exec after NAME). */
    protected boolean stopAtPositional()
    {
        return false;
    }

    /** Commands under this one, by word ({@code node drain}); empty for most. */
    protected Map<String, Supplier<CliCommand>> subcommands()
    {
        return Map.of();
    }

    /** Whether the user asked for JSON: errors are then printed in the wire form. */
    public boolean json()
    {
        return false;
    }

    /** Runs the command; returns the exit code. */
    public abstract int call()
            throws Exception;

    final Options options()
    {
        Options options = new Options().addOption(HELP);
        addOptions(options);
        return options;
    }

    final void printHelp(PrintStream out, String path)
    {
        PrintWriter writer = new PrintWriter(out);
        HelpFormatter formatter = new HelpFormatter();
        String syntax = path + " [OPTIONS]" + (arguments().isEmpty() ? "" : " " + arguments());
        formatter.printHelp(writer, HELP_WIDTH, syntax, "\n" + description() + "\n\nOptions:", options(),
                HELP_LEFT_PAD, HELP_DESCRIPTION_PAD, null, false);
        if (!subcommands().isEmpty()) {
            Map<String, String> descriptions = new TreeMap<>();
            subcommands().forEach((word, factory) -> descriptions.put(word, factory.get().description()));
            printCommands(formatter, writer, descriptions);
        }
        writer.flush();
    }

    /** The "Commands:" section: one per line, descriptions aligned and wrapped under themselves. */
    static void printCommands(HelpFormatter formatter, PrintWriter writer, Map<String, String> descriptions)
    {
        int width = descriptions.keySet().stream().mapToInt(String::length).max().orElse(0);
        writer.println();
        writer.println("Commands:");
        descriptions.forEach((word, description) -> formatter.printWrapped(writer, HELP_WIDTH, HELP_LEFT_PAD + width + HELP_DESCRIPTION_PAD,
                " ".repeat(HELP_LEFT_PAD) + word + " ".repeat(width - word.length() + HELP_DESCRIPTION_PAD) + description));
    }

    /** An option without a value: {@code flag("d", "detach", ...)}; {@code shortName} may be null. */
    protected static Option flag(String shortName, String longName, String description)
    {
        return Option.builder(shortName).longOpt(longName).desc(description).build();
    }

    /** An option with one value, e.g. {@code --name NAME}; repeat it for several ({@link Arguments#values}). */
    protected static Option valued(String shortName, String longName, String valueName, String description)
    {
        return Option.builder(shortName).longOpt(longName).hasArg().argName(valueName).desc(description).build();
    }
}

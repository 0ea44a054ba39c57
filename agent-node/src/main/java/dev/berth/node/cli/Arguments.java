package dev.berth.node.cli;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.spec.PlatformString;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One command's parsed command line as its command reads it: option values converted, positional arguments by
 * index, and a {@link CliUsageError} naming the option or argument when something is missing or malformed.
 */
public final class Arguments
{
    private final CommandLine line;
    private final Options options;
    private final List<String> positionals;

    Arguments(CommandLine line, Options options)
    {
        this.line = requireNonNull(line, "line is null");
        this.options = requireNonNull(options, "options is null");
        this.positionals = line.getArgList();
    }

    public boolean flag(String name)
    {
        return line.hasOption(name);
    }

    /** The option's value, or null when it is absent; refuses the option given twice (only {@link #values} repeat). */
    public String value(String name)
    {
        String[] values = line.getOptionValues(name);
        if (values == null) {
            return null;
        }
        if (values.length > 1) {
            throw new CliUsageError("option " + describe(name) + " may be given only once");
        }
        return values[0];
    }

    public String requiredValue(String name)
    {
        String value = value(name);
        if (value == null) {
            throw new CliUsageError("missing required option " + describe(name));
        }
        return value;
    }

    /** Every value of a repeatable option, in order. */
    public List<String> values(String name)
    {
        String[] values = line.getOptionValues(name);
        return values == null ? List.of() : List.of(values);
    }

    /**
     * A platform option's value ({@code OS[/ARCH[/VARIANT]]}), checked here so that a typo is a usage error before any
     * call to the agent, which reads it again; null when absent.
     */
    public String platform(String name)
    {
        String value = value(name);
        if (value != null) {
            try {
                PlatformString.parse(value, "option " + describe(name));
            }
            catch (InvalidSpec e) {
                throw new CliUsageError(e.message());
            }
        }
        return value;
    }

    public Path path(String name)
    {
        String value = value(name);
        return value == null ? null : Path.of(value);
    }

    public int integer(String name, int absent)
    {
        String value = value(name);
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        }
        catch (NumberFormatException e) {
            throw new CliUsageError("option " + describe(name) + " expects a whole number, not '" + value + "'");
        }
    }

    /** The positional argument at {@code index}, which must be there. */
    public String positional(int index, String label)
    {
        if (index >= positionals.size()) {
            throw new CliUsageError("missing required argument " + label);
        }
        return positionals.get(index);
    }

    /** The positional argument at {@code index}, or null. */
    public String optionalPositional(int index)
    {
        return index < positionals.size() ? positionals.get(index) : null;
    }

    /** The positional arguments from {@code index} on. */
    public List<String> rest(int index)
    {
        return index < positionals.size() ? List.copyOf(positionals.subList(index, positionals.size())) : List.of();
    }

    /** Refuses positional arguments beyond the first {@code count}. */
    public void noMoreThan(int count)
    {
        if (positionals.size() > count) {
            throw new CliUsageError("unexpected argument '" + positionals.get(count) + "'");
        }
    }

    /** The option as the user types it, with its value's name: {@code '--file' (SPEC)}. */
    private String describe(String name)
    {
        Option option = options.getOption(name);
        return typed(option) + (option.getArgName() != null ? " (" + option.getArgName() + ")" : "");
    }

    /** The option's name as the user types it, quoted: {@code '--file'}, or {@code '-x'} when it has no long name. */
    static String typed(Option option)
    {
        return "'" + (option.getLongOpt() != null ? "--" + option.getLongOpt() : "-" + option.getOpt()) + "'";
    }
}

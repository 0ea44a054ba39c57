package dev.berth.node.bootstrap;

import dev.berth.core.text.TerminalText;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;
import org.apache.logging.log4j.core.pattern.PatternFormatter;
import org.apache.logging.log4j.status.StatusLogger;

import java.util.List;

/**
 * {@code %esc{pattern}} and {@code %esc{pattern}{multiline}} in the agent's log layout: what the pattern gives, with
 * control characters escaped ({@link TerminalText}). A message carries what containers and specs control (an
 * image reference, a runtime's error text); raw, it could drive the terminal of whoever reads the log, or forge a
 * log line. Multi-line keeps newlines, for stack traces.
 */
@Plugin(name = "escape", category = PatternConverter.CATEGORY)
@ConverterKeys("esc")
public final class EscapingConverter
        extends LogEventPatternConverter
{
    private final List<PatternFormatter> formatters;
    private final boolean multiline;

    private EscapingConverter(List<PatternFormatter> formatters, boolean multiline)
    {
        super("escape", "escape");
        this.formatters = List.copyOf(formatters);
        this.multiline = multiline;
    }

    public static EscapingConverter newInstance(Configuration config, String[] options)
    {
        if (options == null || options.length < 1 || options.length > 2) {
            StatusLogger.getLogger().error("%esc takes a pattern and optionally 'multiline'");
            return null;
        }
        List<PatternFormatter> formatters = PatternLayout.createPatternParser(config).parse(options[0]);
        return new EscapingConverter(formatters, options.length == 2 && options[1].equalsIgnoreCase("multiline"));
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo)
    {
        int start = toAppendTo.length();
        for (PatternFormatter formatter : formatters) {
            formatter.format(event, toAppendTo);
        }
        TerminalText.escapeInPlace(toAppendTo, start, multiline);
    }

    @Override
    public boolean handlesThrowable()
    {
        return formatters.stream().anyMatch(PatternFormatter::handlesThrowable);
    }
}

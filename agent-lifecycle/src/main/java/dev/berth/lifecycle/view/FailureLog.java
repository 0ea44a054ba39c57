package dev.berth.lifecycle.view;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.LogStream;
import dev.berth.core.text.ControlCharacters;
import dev.berth.state.ContainerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The log of a container that failed before its runtime kept one (a create the runtime refused, an image that
 * never arrived): what the agent recorded of the failure, as lines on stderr marked as the agent's own. Without it,
 * {@code berth logs} of a FAILED container said "not found" although the agent kept why it failed. The lines carry a
 * runtime's text, so control characters are escaped as everywhere text is quoted back.
 */
public final class FailureLog
        implements LogReader
{
    private final Iterator<LogLine> lines;

    private FailureLog(List<LogLine> lines)
    {
        this.lines = List.copyOf(lines).iterator();
    }

    public static FailureLog of(ContainerRecord record, AgentError failure)
    {
        requireNonNull(record, "record is null");
        requireNonNull(failure, "failure is null");
        Instant time = record.finished().orElse(record.created());
        List<LogLine> lines = new ArrayList<>();
        lines.add(new LogLine(time, LogStream.STDERR, "[berth] container '" + record.id() + "' failed before its runtime kept a log ("
                + failure.code().name() + "); what the agent recorded:"));
        failure.getMessage().lines().forEach(line -> lines.add(new LogLine(time, LogStream.STDERR, "[berth] " + ControlCharacters.escape(line))));
        return new FailureLog(lines);
    }

    @Override
    public boolean hasNext()
    {
        return lines.hasNext();
    }

    @Override
    public LogLine next()
    {
        if (!lines.hasNext()) {
            throw new NoSuchElementException();
        }
        return lines.next();
    }

    @Override
    public void close()
    {
        // nothing held
    }
}

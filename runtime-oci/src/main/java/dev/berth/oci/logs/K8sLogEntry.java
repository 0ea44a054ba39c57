package dev.berth.oci.logs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.LogStream;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One line of conmon's k8s-file log: {@code <RFC3339Nano time> <stdout|stderr> <F|P> <text>}, where {@code P}
 * marks a partial line that continues in the next entry of the same stream.
 */
public record K8sLogEntry(Instant time, LogStream stream, boolean partial, String text)
{
    public K8sLogEntry
    {
        requireNonNull(time, "time is null");
        requireNonNull(stream, "stream is null");
        requireNonNull(text, "text is null");
    }

    /** The entry in {@code line} (without its newline), or empty when the line is not in k8s-file format. */
    public static Optional<K8sLogEntry> parse(String line)
    {
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        int third = second < 0 ? -1 : line.indexOf(' ', second + 1);
        if (third < 0 && second >= 0 && line.length() == second + 2) {
            third = line.length();
        }
        if (third < 0) {
            return Optional.empty();
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(line.substring(0, first)).toInstant();
        }
        catch (DateTimeParseException e) {
            return Optional.empty();
        }
        LogStream stream = switch (line.substring(first + 1, second)) {
            case "stdout" -> LogStream.STDOUT;
            case "stderr" -> LogStream.STDERR;
            default -> null;
        };
        String tag = line.substring(second + 1, Math.min(third, line.length()));
        if (stream == null || !(tag.equals("F") || tag.equals("P"))) {
            return Optional.empty();
        }
        String text = third >= line.length() ? "" : line.substring(third + 1);
        return Optional.of(new K8sLogEntry(time, stream, tag.equals("P"), text));
    }
}

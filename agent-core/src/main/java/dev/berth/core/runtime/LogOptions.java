package dev.berth.core.runtime;

/**
 * What logs to read: {@code tail} last lines (-1 for all), and whether to follow new lines until the container
 * exits or the reader is closed.
 */
public record LogOptions(boolean follow, int tail)
{
    public static final LogOptions ALL = new LogOptions(false, -1);
}

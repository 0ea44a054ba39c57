package dev.berth.core.runtime;

import java.io.Closeable;
import java.util.Iterator;

/**
 * Log lines in order. When following, {@link #hasNext()} blocks until a line arrives, the container exits, or the
 * reader is closed from another thread.
 */
public interface LogReader
        extends Iterator<LogLine>, Closeable
{
    @Override
    void close();
}

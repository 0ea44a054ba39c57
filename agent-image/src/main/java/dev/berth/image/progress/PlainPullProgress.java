package dev.berth.image.progress;

import static java.util.Objects.requireNonNull;

import dev.berth.core.unit.ByteSize;
import dev.berth.image.PullListener;
import dev.berth.image.reference.Digests;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pull progress as plain lines, for output that is not a terminal (logs, pipes): one line when a layer starts,
 * one at each quarter, one when it is done.
 */
public final class PlainPullProgress
        implements PullListener
{
    private final PrintStream out;
    private final Map<String, Integer> quarters = new ConcurrentHashMap<>();

    public PlainPullProgress(PrintStream out)
    {
        this.out = requireNonNull(out, "out is null");
    }

    @Override
    public void started(String digest, long size)
    {
        quarters.put(digest, 0);
        line(Digests.shortForm(digest) + ": downloading " + human(size));
    }

    @Override
    public void progress(String digest, long done, long total)
    {
        if (total <= 0) {
            return;
        }
        int quarter = (int) (done * 4 / total);
        Integer previous = quarters.put(digest, quarter);
        if (quarter > 0 && quarter < 4 && (previous == null || quarter > previous)) {
            line(Digests.shortForm(digest) + ": " + (quarter * 25) + "% (" + human(done) + " of " + human(total) + ")");
        }
    }

    @Override
    public void finished(String digest)
    {
        quarters.remove(digest);
        line(Digests.shortForm(digest) + ": done");
    }

    private synchronized void line(String text)
    {
        out.println(text);
        out.flush();
    }

    static String human(long bytes)
    {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", bytes / (1024.0 * 1024));
        }
        return ByteSize.format(bytes);
    }
}

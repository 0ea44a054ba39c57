package dev.berth.image.progress;

import static java.util.Objects.requireNonNull;

import dev.berth.image.PullListener;
import dev.berth.image.reference.Digests;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pull progress for a terminal: one progress bar per layer, with bytes, rate and ETA (me.tongfei:progressbar).
 * Close it when the pull ends so the bars are finished off.
 */
public final class TerminalPullProgress
        implements PullListener, AutoCloseable
{
    private final PrintStream out;
    private final Map<String, ProgressBar> bars = new ConcurrentHashMap<>();

    public TerminalPullProgress(PrintStream out)
    {
        this.out = requireNonNull(out, "out is null");
    }

    @Override
    public void started(String digest, long size)
    {
        bars.computeIfAbsent(digest, key -> new ProgressBarBuilder()
                .setTaskName(Digests.shortForm(digest))
                .setInitialMax(size)
                .setUnit("MiB", 1 << 20)
                .showSpeed()
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .continuousUpdate()
                .build());
    }

    @Override
    public void progress(String digest, long done, long total)
    {
        ProgressBar bar = bars.get(digest);
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void finished(String digest)
    {
        ProgressBar bar = bars.get(digest);
        if (bar != null) {
            bar.stepTo(bar.getMax());
            bar.close();
        }
    }

    @Override
    public void close()
    {
        bars.values().forEach(ProgressBar::close);
        bars.clear();
    }
}

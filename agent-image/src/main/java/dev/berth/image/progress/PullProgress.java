package dev.berth.image.progress;

import dev.berth.image.PullListener;

import java.io.PrintStream;

/** Chooses how the CLI shows a pull: progress bars on a terminal, plain lines otherwise. */
public final class PullProgress
{
    private PullProgress() {}

    /**
     * A listener writing to {@code out}: {@link TerminalPullProgress} when the process has a console, else
     * {@link PlainPullProgress}. Close it (if it is {@link AutoCloseable}) when the pull ends.
     */
    public static PullListener forOutput(PrintStream out)
    {
        return System.console() != null ? new TerminalPullProgress(out) : new PlainPullProgress(out);
    }
}

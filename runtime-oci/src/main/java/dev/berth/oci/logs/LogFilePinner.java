package dev.berth.oci.logs;

import static java.util.Objects.requireNonNull;

import dev.berth.oci.linux.NewFileWatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Opens each file conmon puts at a log path as soon as it appears, on a thread of its own, and holds it open until
 * the reader gets to it: a rotated file's lines stay readable while a slow client catches up. It holds at most
 * {@link #MAX_HELD} files (each up to the log size limit, on disk); files that came and went without being opened
 * are counted through a {@link NewFileWatch} and reported with the next file as {@link Segment#lostBefore()}.
 */
final class LogFilePinner
        implements AutoCloseable
{
    private static final Logger log = LogManager.getLogger(LogFilePinner.class);
    static final int MAX_HELD = 8;
    /** A lost count that cannot be known: no inotify on this host, or its queue overflowed. */
    static final long UNKNOWN = -1;
    private static final Duration WAIT = Duration.ofMillis(100);
    private static final long POLL_MILLIS = 20;
    private static final int PIN_ATTEMPTS = 50;

    /** One file of the log, opened, and how many files between it and the one before were never opened. */
    record Segment(FileChannel channel, Object key, long lostBefore) {}

    private final Path file;
    private final Optional<NewFileWatch> watch;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean closed;
    private boolean counting;
    private Object lastKey;
    private long appearedBase = -1;
    private long openedBase;
    private long opened;
    private long lostReported;

    LogFilePinner(Path file)
    {
        this.file = requireNonNull(file, "file is null");
        this.watch = NewFileWatch.open(file);
        this.counting = watch.isPresent();
        pinNow();
        synchronized (this) {
            if (opened == 0 && counting) {
                // no file yet: every file that appears from now on is counted, the first one included
                appearedBase = 0;
                openedBase = 0;
            }
        }
        this.thread = new Thread(this::run, "log-pinner-" + file.getParent().getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** The next file in order, or null when the path has not moved on from the last one. */
    synchronized Segment next()
    {
        return segments.pollFirst();
    }

    synchronized boolean hasNext()
    {
        return !segments.isEmpty();
    }

    /** Opens the file at the path now if it is new: the reader calls it at each end of file, so nothing waits on the thread. */
    synchronized void pinNow()
    {
        if (closed) {
            return;
        }
        try {
            for (int attempt = 0; attempt < PIN_ATTEMPTS; attempt++) {
                long appearedBefore = counting ? watch.get().appeared() : 0;
                Object before = keyOf(file);
                if (before == null || before.equals(lastKey) || segments.size() >= MAX_HELD) {
                    return;
                }
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                if (!before.equals(keyOf(file))) {
                    channel.close();
                    continue;
                }
                lastKey = before;
                opened++;
                segments.addLast(new Segment(channel, before, account(appearedBefore)));
            }
        }
        catch (NoSuchFileException e) {
            // between rotations: the next look finds it
        }
        catch (IOException e) {
            log.warn("cannot open container log {}: {}", file, e.toString());
        }
    }

    /**
     * Files that appeared at the path minus files opened are files nobody read. Counted only while the path still
     * names the file just opened, so every file counted is one up to and including it.
     */
    private long account(long appearedBefore)
            throws IOException
    {
        if (!counting) {
            return opened > 1 ? UNKNOWN : 0;
        }
        NewFileWatch events = watch.get();
        long appeared = events.appeared();
        if (events.overflowed()) {
            counting = false;
            return UNKNOWN;
        }
        boolean stable = lastKey.equals(keyOf(file));
        if (appearedBase < 0) {
            // the first file; replaced already, the count before opening errs towards reporting a loss, never hiding one
            appearedBase = stable ? appeared : appearedBefore;
            openedBase = opened;
            return 0;
        }
        if (!stable) {
            // replaced again already: the next file's opening accounts for this
            return 0;
        }
        long lost = (appeared - appearedBase) - (opened - openedBase);
        if (lost <= lostReported) {
            return 0;
        }
        long fresh = lost - lostReported;
        lostReported = lost;
        return fresh;
    }

    /**
     * Files lost and not yet reported, counted once more at the end of the stream. The kernel queues a rename's event
     * just after the new name becomes visible, so a file opened in that moment was counted one event short, and a
     * loss beside it went unreported where it happened: once the writer is gone every event is queued, and the count
     * is exact.
     */
    synchronized long reconcile()
    {
        if (!counting || appearedBase < 0 || closed) {
            return 0;
        }
        long lost = (watch.get().appeared() - appearedBase) - (opened - openedBase);
        if (lost <= lostReported) {
            return 0;
        }
        long fresh = lost - lostReported;
        lostReported = lost;
        return fresh;
    }

    private void run()
    {
        try {
            while (!closed) {
                if (counting && watch.isPresent()) {
                    watch.get().await(WAIT);
                }
                else {
                    Thread.sleep(POLL_MILLIS);
                }
                pinNow();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (RuntimeException e) {
            log.warn("watching container log {} stopped: {}", file, e.toString());
        }
        finally {
            watch.ifPresent(NewFileWatch::close);
        }
    }

    @Override
    public void close()
    {
        closed = true;
        synchronized (this) {
            for (Segment segment : segments) {
                closeQuietly(segment.channel());
            }
            segments.clear();
        }
        thread.interrupt();
    }

    static void closeQuietly(FileChannel channel)
    {
        try {
            channel.close();
        }
        catch (IOException e) {
            // read-only: nothing to lose
        }
    }

    static Object keyOf(Path path)
            throws IOException
    {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        }
        catch (NoSuchFileException e) {
            return null;
        }
    }
}

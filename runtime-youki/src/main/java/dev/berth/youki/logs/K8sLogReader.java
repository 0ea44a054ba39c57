package dev.berth.youki.logs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Internal;
import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.LogStream;
import dev.berth.youki.linux.NewFileWatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's k8s-file log, joining partial entries into whole lines. Following, it waits for new entries
 * until {@code exited} says the container is gone and the file has nothing more, or until {@link #close()}.
 *
 * <p>conmon rotates the log past its size limit by putting a new file at the path (conmon 2.1: a fresh file renamed
 * over it; later ones with {@code --log-rotate}: the old one renamed away first). The reader keeps the file it reads
 * open, so a rotation cannot take its unread end away: it reads the old file to its end, then moves to the new one.
 * A file that appeared and was replaced again while the reader was not looking (a slow client) is gone; a
 * {@link NewFileWatch} counts the files that appeared, and the reader puts a line saying how many were lost where
 * they were lost. Loss is never silent.
 */
public final class K8sLogReader
        implements LogReader
{
    private static final long POLL_MILLIS = 50;
    /** What one read step takes from the file: bounds what a follower holds beyond the lines it was asked for. */
    private static final int READ_STEP = 256 * 1024;
    /** A line longer than this (a container printing without a newline) is delivered in pieces of this size. */
    private static final int MAX_LINE_CHARS = 1 << 20;
    private static final int PIN_ATTEMPTS = 50;

    private final Path file;
    private final boolean follow;
    private final BooleanSupplier exited;
    private final Optional<NewFileWatch> watch;
    private final Deque<LogLine> ready = new ArrayDeque<>();
    private final Map<LogStream, StringBuilder> partials = new EnumMap<>(LogStream.class);
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private volatile boolean closed;
    private FileChannel channel;
    private Object channelKey;
    private long appearedBase = -1;
    private long openedBase;
    private long opened;
    private long lostReported;
    private boolean finished;

    public K8sLogReader(Path file, LogOptions options, BooleanSupplier exited)
    {
        this.file = requireNonNull(file, "file is null");
        this.follow = requireNonNull(options, "options is null").follow();
        this.exited = requireNonNull(exited, "exited is null");
        this.watch = follow ? NewFileWatch.open(file) : Optional.empty();
        while (readAvailable(false)) {
            // the whole current file, as far as it goes now: the tail is cut from it below
        }
        if (channel == null && watch.isPresent()) {
            // no file yet: every file that appears from now on is counted, the first one included
            appearedBase = 0;
            openedBase = 0;
        }
        if (!follow) {
            flushPartials();
            release();
        }
        if (options.tail() >= 0) {
            while (ready.size() > options.tail()) {
                ready.removeFirst();
            }
        }
    }

    @Override
    public boolean hasNext()
    {
        while (ready.isEmpty()) {
            if (closed || finished) {
                return false;
            }
            if (!follow) {
                finished = true;
                return false;
            }
            boolean gone = exited.getAsBoolean();
            boolean more = readAvailable(true);
            if (!ready.isEmpty() || more) {
                continue;
            }
            if (gone) {
                flushPartials();
                finished = true;
                release();
                return !ready.isEmpty();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public LogLine next()
    {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.removeFirst();
    }

    @Override
    public void close()
    {
        closed = true;
        synchronized (this) {
            release();
        }
    }

    /**
     * Reads one step of the open file; at its end, with {@code nextFile}, moves on to a file put at the path since.
     *
     * @return whether more may be read at once (the step ran out before the file's end)
     */
    private synchronized boolean readAvailable(boolean nextFile)
    {
        if (closed) {
            return false;
        }
        try {
            if (channel == null && !pinCurrent()) {
                return false;
            }
            int left = READ_STEP;
            while (true) {
                int read = readChannel(left);
                left -= read;
                if (left <= 0) {
                    return true;
                }
                if (read > 0) {
                    continue;
                }
                if (!nextFile) {
                    return false;
                }
                // at the end of the open file: has a new one been put at the path?
                Object current = keyOf(file);
                if (current == null || current.equals(channelKey)) {
                    return false;
                }
                // conmon finished the old file before the new one appeared; read what was written since the last read
                if (readChannel(left) > 0) {
                    return true;
                }
                channel.close();
                channel = null;
                if (!pinCurrent()) {
                    return false;
                }
            }
        }
        catch (NoSuchFileException e) {
            return false;
        }
        catch (IOException e) {
            throw new Internal("cannot read container log " + file + ": " + e, e);
        }
    }

    /** Opens the file at the path, making sure it is the one named there, and accounts for files never opened. */
    private boolean pinCurrent()
            throws IOException
    {
        for (int attempt = 0; attempt < PIN_ATTEMPTS; attempt++) {
            long appearedBefore = watch.map(NewFileWatch::appeared).orElse(0L);
            Object before = keyOf(file);
            if (before == null) {
                return false;
            }
            FileChannel opened = FileChannel.open(file, StandardOpenOption.READ);
            Object after = keyOf(file);
            if (before.equals(after)) {
                channel = opened;
                channelKey = before;
                this.opened++;
                account(appearedBefore);
                return true;
            }
            opened.close();
        }
        throw new Internal("container log " + file + " was replaced " + PIN_ATTEMPTS + " times while it was being opened");
    }

    /**
     * Files that appeared at the path minus files this reader opened are files nobody read. The count is taken only
     * while the path still names the file just opened, so every file counted is one up to and including it.
     */
    private void account(long appearedBeforeOpen)
            throws IOException
    {
        if (watch.isEmpty()) {
            if (opened > lostReported + 1) {
                lostReported = opened - 1;
                marker("the log was rotated; lines written to it between two reads may be lost (rotation cannot be watched on this host)");
            }
            return;
        }
        NewFileWatch events = watch.get();
        long appeared = events.appeared();
        if (events.overflowed()) {
            marker("the log was rotated while the kernel's event queue overflowed; an unknown number of its lines may be lost");
            events.close();
            return;
        }
        boolean stable = channelKey.equals(keyOf(file));
        if (appearedBase < 0) {
            // the first file: while the path still names it, every file counted is one up to it; replaced already, the
            // count before opening errs towards reporting a loss, never towards hiding one
            appearedBase = stable ? appeared : appearedBeforeOpen;
            openedBase = opened;
            return;
        }
        if (!stable) {
            // replaced again already: the next file's opening accounts for this
            return;
        }
        long lost = (appeared - appearedBase) - (opened - openedBase);
        if (lost > lostReported) {
            long files = lost - lostReported;
            lostReported = lost;
            marker(files + " log file" + (files == 1 ? " was" : "s were") + " rotated away before the reader reached "
                    + (files == 1 ? "it" : "them") + "; the lines in " + (files == 1 ? "it" : "them")
                    + " are lost (each file holds up to runtime.youki.log-max-size)");
        }
    }

    private void marker(String text)
    {
        flushPartials();
        ready.addLast(new LogLine(Instant.now(), LogStream.STDERR, "[berth] " + text));
    }

    /** @return the bytes read, at most {@code limit} */
    private int readChannel(int limit)
            throws IOException
    {
        int total = 0;
        while (total < limit) {
            buffer.clear();
            buffer.limit(Math.min(buffer.capacity(), limit - total));
            int read = channel.read(buffer);
            if (read <= 0) {
                break;
            }
            total += read;
            byte[] bytes = buffer.array();
            for (int i = 0; i < read; i++) {
                if (bytes[i] == '\n') {
                    accept(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                }
                else {
                    pending.write(bytes[i]);
                }
            }
        }
        return total;
    }

    private void accept(String line)
    {
        K8sLogEntry.parse(line).ifPresent(entry -> {
            StringBuilder partial = partials.computeIfAbsent(entry.stream(), stream -> new StringBuilder());
            partial.append(entry.text());
            if (!entry.partial() || partial.length() >= MAX_LINE_CHARS) {
                ready.addLast(new LogLine(entry.time(), entry.stream(), partial.toString()));
                partial.setLength(0);
            }
        });
    }

    /** A line the container never ended (it exited, or the log was cut) is still delivered. */
    private void flushPartials()
    {
        partials.forEach((stream, partial) -> {
            if (!partial.isEmpty()) {
                ready.addLast(new LogLine(Instant.now(), stream, partial.toString()));
                partial.setLength(0);
            }
        });
    }

    private synchronized void release()
    {
        try {
            if (channel != null) {
                channel.close();
                channel = null;
            }
        }
        catch (IOException e) {
            // a read-only descriptor: nothing to lose
        }
        watch.ifPresent(NewFileWatch::close);
    }

    private static Object keyOf(Path path)
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

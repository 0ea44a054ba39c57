package dev.berth.oci.logs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Internal;
import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.LogStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * over it; later ones with {@code --log-rotate}: the old one renamed away first). A follower's {@link LogFilePinner}
 * opens each new file as it appears and holds it, so a rotation cannot take lines the reader has not reached: it
 * reads each file to its end, then the next. Files that came and went unopened (a client stalled past
 * {@link LogFilePinner#MAX_HELD} files) are reported by a {@code [berth]} stderr line where they went missing. Loss
 * is never silent.
 */
public final class K8sLogReader
        implements LogReader
{
    private static final long POLL_MILLIS = 50;
    /** What one read step takes from the file: bounds what a follower holds beyond the lines it was asked for. */
    private static final int READ_STEP = 256 * 1024;
    /** A line longer than this (a container printing without a newline) is delivered in pieces of this size. */
    private static final int MAX_LINE_CHARS = 1 << 20;

    private final Path file;
    private final boolean follow;
    private final BooleanSupplier exited;
    private final LogFilePinner pinner;
    private final Deque<LogLine> ready = new ArrayDeque<>();
    private final Map<LogStream, StringBuilder> partials = new EnumMap<>(LogStream.class);
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private volatile boolean closed;
    private final Optional<Path> firstFile;
    private FileChannel channel;
    private boolean finished;
    private boolean checkedFirst;

    public K8sLogReader(Path file, LogOptions options, BooleanSupplier exited)
    {
        this(file, options, exited, Optional.empty());
    }

    /**
     * @param firstFile a second name of the file the log started with: a reader from the start whose first file is
     *     another one says that the lines before it are gone
     */
    public K8sLogReader(Path file, LogOptions options, BooleanSupplier exited, Optional<Path> firstFile)
    {
        this.file = requireNonNull(file, "file is null");
        this.follow = requireNonNull(options, "options is null").follow();
        this.exited = requireNonNull(exited, "exited is null");
        this.pinner = follow ? new LogFilePinner(file) : null;
        this.firstFile = options.tail() < 0 ? requireNonNull(firstFile, "firstFile is null") : Optional.empty();
        while (readAvailable(false)) {
            // the whole current file, as far as it goes now: the tail is cut from it below
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
                long late = pinner.reconcile();
                if (late > 0) {
                    marker(lostFiles(late) + " (counted at the end of the stream)");
                }
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
        release();
    }

    /**
     * Reads one step of the open file; at its end, with {@code nextFile}, moves on to the next file held.
     *
     * @return whether more may be read at once (the step ran out before the file's end)
     */
    private synchronized boolean readAvailable(boolean nextFile)
    {
        if (closed) {
            return false;
        }
        try {
            if (channel == null && !open()) {
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
                if (!nextFile || pinner == null) {
                    return false;
                }
                pinner.pinNow();
                if (!pinner.hasNext()) {
                    return false;
                }
                // a newer file exists, so conmon is done with this one: read what it wrote since the last read, then move on
                if (readChannel(left) > 0) {
                    return true;
                }
                LogFilePinner.closeQuietly(channel);
                channel = null;
                open();
            }
        }
        catch (NoSuchFileException e) {
            return false;
        }
        catch (IOException e) {
            throw new Internal("cannot read container log " + file + ": " + e, e);
        }
    }

    private boolean open()
            throws IOException
    {
        if (pinner == null) {
            Object key = LogFilePinner.keyOf(file);
            channel = FileChannel.open(file, StandardOpenOption.READ);
            checkFirst(key);
            return true;
        }
        LogFilePinner.Segment segment = pinner.next();
        if (segment == null) {
            return false;
        }
        checkFirst(segment.key());
        if (segment.lostBefore() == LogFilePinner.UNKNOWN) {
            marker("the log was rotated past lines this reader had not reached; some of them may be lost (their number cannot be known here)");
        }
        else if (segment.lostBefore() > 0) {
            marker(lostFiles(segment.lostBefore()));
        }
        channel = segment.channel();
        return true;
    }

    /** The first file this reader opens: when it is not the one the log started with, lines went before the reader came. */
    private void checkFirst(Object key)
            throws IOException
    {
        if (firstFile.isEmpty() || checkedFirst) {
            return;
        }
        checkedFirst = true;
        Object first = LogFilePinner.keyOf(firstFile.get());
        if (first != null && key != null && !first.equals(key)) {
            marker("the log was rotated before this reader began; the lines written before its first line here are lost");
        }
    }

    private static String lostFiles(long files)
    {
        return files + " log file" + (files == 1 ? " was" : "s were") + " rotated away before the reader reached "
                + (files == 1 ? "it" : "them") + "; the lines in " + (files == 1 ? "it" : "them")
                + " are lost (each file holds up to runtime.youki.log-max-size)";
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
        if (channel != null) {
            LogFilePinner.closeQuietly(channel);
            channel = null;
        }
        if (pinner != null) {
            pinner.close();
        }
    }
}

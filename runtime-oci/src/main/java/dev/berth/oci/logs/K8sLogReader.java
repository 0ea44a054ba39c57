package dev.berth.oci.logs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Internal;
import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.LogStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's k8s-file log, joining partial entries into whole lines. Following, it waits for new entries
 * until {@code exited} says the container is gone and the file has nothing more, or until {@link #close()}. When
 * conmon rotates the file (replaces it with an empty one past its size limit) the reader starts on the new file.
 */
public final class K8sLogReader
        implements LogReader
{
    private static final long POLL_MILLIS = 50;

    private final Path file;
    private final boolean follow;
    private final BooleanSupplier exited;
    private final Deque<LogLine> ready = new ArrayDeque<>();
    private final Map<LogStream, StringBuilder> partials = new EnumMap<>(LogStream.class);
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private volatile boolean closed;
    private long position;
    private Object fileKey;
    private boolean finished;

    public K8sLogReader(Path file, LogOptions options, BooleanSupplier exited)
    {
        this.file = requireNonNull(file, "file is null");
        this.follow = requireNonNull(options, "options is null").follow();
        this.exited = requireNonNull(exited, "exited is null");
        readAvailable();
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
            readAvailable();
            if (!ready.isEmpty()) {
                break;
            }
            if (gone) {
                finished = true;
                return false;
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
    }

    private void readAvailable()
    {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Object key = attributes.fileKey();
            if (fileKey != null && (!fileKey.equals(key) || attributes.size() < position)) {
                position = 0;
                pending.reset();
            }
            fileKey = key;
            if (attributes.size() <= position) {
                return;
            }
            try (RandomAccessFile input = new RandomAccessFile(file.toFile(), "r")) {
                input.seek(position);
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = input.read(buffer)) > 0) {
                    position += read;
                    for (int i = 0; i < read; i++) {
                        if (buffer[i] == '\n') {
                            accept(pending.toString(StandardCharsets.UTF_8));
                            pending.reset();
                        }
                        else {
                            pending.write(buffer[i]);
                        }
                    }
                }
            }
        }
        catch (NoSuchFileException e) {
            // no output yet
        }
        catch (IOException e) {
            throw new Internal("cannot read container log " + file, e);
        }
    }

    private void accept(String line)
    {
        K8sLogEntry.parse(line).ifPresent(entry -> {
            StringBuilder partial = partials.computeIfAbsent(entry.stream(), stream -> new StringBuilder());
            partial.append(entry.text());
            if (!entry.partial()) {
                ready.addLast(new LogLine(entry.time(), entry.stream(), partial.toString()));
                partial.setLength(0);
            }
        });
    }
}

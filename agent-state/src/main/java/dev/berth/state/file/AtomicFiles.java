package dev.berth.state.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a reader (or the next boot after a crash) sees either the old content or the new, never a
 * torn one: the bytes go to a temporary file in the same directory, which is fsync'd, renamed over the target,
 * and then the directory is fsync'd so the rename itself is durable.
 */
public final class AtomicFiles
{
    private AtomicFiles() {}

    public static void write(Path target, byte[] content)
            throws IOException
    {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
            syncDirectory(directory);
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Deletes {@code target} if it exists, durably. @return whether it existed */
    public static boolean delete(Path target)
            throws IOException
    {
        boolean existed = Files.deleteIfExists(target);
        if (existed) {
            syncDirectory(target.toAbsolutePath().getParent());
        }
        return existed;
    }

    private static void syncDirectory(Path directory)
            throws IOException
    {
        // Linux lets a directory be opened read-only and fsync'd; that makes the rename or unlink durable.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}

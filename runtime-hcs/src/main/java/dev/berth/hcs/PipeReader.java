package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.berth.hcs.binding.Kernel32;

import java.util.Arrays;
import java.util.function.Consumer;

/** Reads a process pipe handle with ReadFile until end of file (a successful zero-byte read, or a broken pipe). */
final class PipeReader
{
    private static final int CHUNK = 8192;

    private final Kernel32 kernel32;
    private final Pointer handle;

    PipeReader(Kernel32 kernel32, Pointer handle)
    {
        this.kernel32 = requireNonNull(kernel32, "kernel32 is null");
        this.handle = requireNonNull(handle, "handle is null");
    }

    /** Passes each chunk read to {@code sink} until end of file. */
    void stream(Consumer<byte[]> sink)
    {
        byte[] buffer = new byte[CHUNK];
        IntByReference read = new IntByReference();
        while (kernel32.ReadFile(handle, buffer, buffer.length, read, null) && read.getValue() > 0) {
            sink.accept(Arrays.copyOf(buffer, read.getValue()));
        }
    }
}

package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.berth.hcs.binding.Kernel32;
import dev.berth.hcs.binding.OVERLAPPED;
import dev.berth.hcs.error.HResult;
import dev.berth.hcs.error.HcsCallFailed;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a process's standard-output or standard-error handle until end of file. HCS gives these as overlapped pipe
 * handles (hcsshim wraps them with go-winio's {@code NewOpenFile}), so every read carries an {@link OVERLAPPED} with its
 * own event and a buffer in native memory, both alive until the read completes: a {@code byte[]} would be copied
 * back when {@code ReadFile} returns, before a pending read has written anything. The writer closing its end
 * ({@code ERROR_BROKEN_PIPE}) is the end of the stream.
 */
final class PipeReader
{
    private static final int CHUNK = 8192;
    private static final int ERROR_HANDLE_EOF = 38;
    private static final int ERROR_OPERATION_ABORTED = 995;

    private final Kernel32 kernel32;
    private final Pointer handle;

    PipeReader(Kernel32 kernel32, Pointer handle)
    {
        this.kernel32 = requireNonNull(kernel32, "kernel32 is null");
        this.handle = requireNonNull(handle, "handle is null");
    }

    /** Passes each chunk read to {@code sink} until end of file; a read that fails otherwise is {@link HcsCallFailed}. */
    void stream(Consumer<byte[]> sink)
    {
        Pointer event;
        try {
            event = kernel32.CreateEventW(null, true, false, null);
        }
        catch (LastErrorException e) {
            throw failure("CreateEventW", e);
        }
        try {
            Memory buffer = new Memory(CHUNK);
            OVERLAPPED overlapped = new OVERLAPPED();
            overlapped.hEvent = event;
            overlapped.write();
            IntByReference count = new IntByReference();
            while (true) {
                int read = readOnce(buffer, overlapped, count);
                if (read <= 0) {
                    return;
                }
                sink.accept(buffer.getByteArray(0, read));
            }
        }
        finally {
            kernel32.CloseHandle(event);
        }
    }

    /** One read, waited for when it goes pending; the bytes read, or -1 at end of file. */
    private int readOnce(Memory buffer, OVERLAPPED overlapped, IntByReference count)
    {
        try {
            kernel32.ReadFile(handle, buffer, CHUNK, null, overlapped.getPointer());
        }
        catch (LastErrorException e) {
            if (endOfFile(e.getErrorCode())) {
                return -1;
            }
            if (e.getErrorCode() != HResult.ERROR_IO_PENDING) {
                throw failure("ReadFile", e);
            }
        }
        try {
            // done at once or pending: the count of an overlapped read always comes from here
            kernel32.GetOverlappedResult(handle, overlapped.getPointer(), count, true);
            return count.getValue();
        }
        catch (LastErrorException e) {
            if (endOfFile(e.getErrorCode())) {
                return -1;
            }
            throw failure("GetOverlappedResult", e);
        }
    }

    private static boolean endOfFile(int error)
    {
        // an aborted read means the handle was closed or its I/O cancelled: nothing more will come
        return error == HResult.ERROR_BROKEN_PIPE || error == ERROR_HANDLE_EOF || error == ERROR_OPERATION_ABORTED;
    }

    private static HcsCallFailed failure(String function, LastErrorException e)
    {
        HcsCallFailed failure = new HcsCallFailed(function, HResult.fromWin32(e.getErrorCode()), Optional.empty());
        failure.initCause(e);
        return failure;
    }
}

package dev.berth.hcs.binding;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written kernel32: result documents allocated through {@link #allocateDocument} must come back through
 * {@link #LocalFree} exactly once, and pipes are in-memory byte buffers whose writer prints on a schedule
 * ({@link TestingCommand}) and closes when its process ends: a read with nothing written yet goes pending
 * ({@code ERROR_IO_PENDING}) until {@link #GetOverlappedResult} sees bytes, the end, or the handle closed
 * ({@code ERROR_OPERATION_ABORTED}).
 */
public final class TestingKernel32
        implements Kernel32
{
    private final Map<Long, Memory> documents = new ConcurrentHashMap<>();
    private final Map<Long, Pipe> pipes = new ConcurrentHashMap<>();
    private final Map<Long, Memory> events = new ConcurrentHashMap<>();
    private final AtomicInteger allocated = new AtomicInteger();
    private final AtomicInteger freed = new AtomicInteger();
    private final AtomicInteger badFrees = new AtomicInteger();

    private static final int WOULD_BLOCK = -2;

    private static final class Pipe
    {
        final Memory handle = new Memory(8);
        final byte[] data;
        final List<TestingCommand.Chunk> chunks;
        final long startNanos;
        long closeAtNanos;
        int position;
        int lastRead;
        Pointer pendingBuffer;
        int pendingSize;

        Pipe(byte[] data, List<TestingCommand.Chunk> chunks, long startNanos, long closeAtNanos)
        {
            this.data = data;
            this.chunks = chunks;
            this.startNanos = startNanos;
            this.closeAtNanos = closeAtNanos;
        }

        /** Copies what the writer has written so far (monitor held): the count, -1 at the end, or WOULD_BLOCK. */
        int transfer(Pointer buffer, int size)
        {
            long now = System.nanoTime();
            long writtenBy = closeAtNanos != Long.MAX_VALUE && closeAtNanos - now < 0 ? closeAtNanos : now;
            int written = 0;
            for (TestingCommand.Chunk chunk : chunks) {
                if (startNanos + chunk.atMillis() * 1_000_000L - writtenBy <= 0) {
                    written = chunk.end();
                }
            }
            int count = Math.min(size, written - position);
            if (count == 0) {
                return closeAtNanos != Long.MAX_VALUE && closeAtNanos - now <= 0 ? -1 : WOULD_BLOCK;
            }
            buffer.write(0, data, position, count);
            position += count;
            return count;
        }
    }

    Pointer allocateDocument(String text)
    {
        Memory memory = Utf16.of(text);
        documents.put(Pointer.nativeValue(memory), memory);
        allocated.incrementAndGet();
        return memory;
    }

    /** A pipe holding {@code text}, its writer closed. */
    Pointer pipe(String text)
    {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        long now = System.nanoTime();
        return register(new Pipe(data, List.of(new TestingCommand.Chunk(data.length, 0)), now, now));
    }

    /** A pipe its process writes {@code command}'s output into from {@code startNanos}; open until {@link #closeWriter}. */
    Pointer pipe(TestingCommand command, long startNanos)
    {
        return register(new Pipe(command.output(), command.chunks(), startNanos, Long.MAX_VALUE));
    }

    /** The writer closes its end at {@code atNanos} (its process ends): what it had not written by then never comes. */
    void closeWriter(Pointer handle, long atNanos)
    {
        Pipe pipe = pipes.get(Pointer.nativeValue(handle));
        if (pipe == null) {
            return;
        }
        synchronized (pipe) {
            pipe.closeAtNanos = pipe.closeAtNanos == Long.MAX_VALUE || atNanos - pipe.closeAtNanos < 0 ? atNanos : pipe.closeAtNanos;
            pipe.notifyAll();
        }
    }

    private Pointer register(Pipe pipe)
    {
        pipes.put(Pointer.nativeValue(pipe.handle), pipe);
        return pipe.handle;
    }

    public int allocated()
    {
        return allocated.get();
    }

    public int freed()
    {
        return freed.get();
    }

    public int badFrees()
    {
        return badFrees.get();
    }

    public int openPipes()
    {
        return pipes.size();
    }

    @Override
    public Pointer LocalFree(Pointer hMem)
    {
        if (hMem == null) {
            return null;
        }
        if (documents.remove(Pointer.nativeValue(hMem)) == null) {
            badFrees.incrementAndGet();
            return hMem;
        }
        freed.incrementAndGet();
        return null;
    }

    /** Overlapped-only, as the handles HCS hands out are: a read without an OVERLAPPED is refused. */
    @Override
    public boolean ReadFile(Pointer hFile, Pointer lpBuffer, int nNumberOfBytesToRead, IntByReference lpNumberOfBytesRead, Pointer lpOverlapped)
    {
        Pipe pipe = pipes.get(Pointer.nativeValue(hFile));
        if (pipe == null) {
            throw new LastErrorException(6);
        }
        if (lpOverlapped == null) {
            throw new LastErrorException(87);
        }
        synchronized (pipe) {
            int count = pipe.transfer(lpBuffer, nNumberOfBytesToRead);
            if (count == -1) {
                throw new LastErrorException(109);
            }
            if (count == WOULD_BLOCK) {
                pipe.pendingBuffer = lpBuffer;
                pipe.pendingSize = nNumberOfBytesToRead;
                throw new LastErrorException(997);
            }
            pipe.lastRead = count;
        }
        return true;
    }

    @Override
    public boolean GetOverlappedResult(Pointer hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait)
    {
        Pipe pipe = pipes.get(Pointer.nativeValue(hFile));
        if (pipe == null) {
            throw new LastErrorException(6);
        }
        synchronized (pipe) {
            if (pipe.pendingBuffer != null) {
                int count;
                while ((count = pipe.transfer(pipe.pendingBuffer, pipe.pendingSize)) == WOULD_BLOCK) {
                    try {
                        pipe.wait(10);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new LastErrorException(995);
                    }
                    if (!pipes.containsKey(Pointer.nativeValue(hFile))) {
                        // closed under the read: Windows cancels it
                        throw new LastErrorException(995);
                    }
                }
                pipe.pendingBuffer = null;
                if (count == -1) {
                    throw new LastErrorException(109);
                }
                pipe.lastRead = count;
            }
            lpNumberOfBytesTransferred.setValue(pipe.lastRead);
        }
        return true;
    }

    @Override
    public Pointer CreateEventW(Pointer lpEventAttributes, boolean bManualReset, boolean bInitialState, Pointer lpName)
    {
        Memory event = new Memory(8);
        events.put(Pointer.nativeValue(event), event);
        return event;
    }

    @Override
    public boolean CloseHandle(Pointer hObject)
    {
        return pipes.remove(Pointer.nativeValue(hObject)) != null || events.remove(Pointer.nativeValue(hObject)) != null;
    }
}

package dev.berth.hcs.binding;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written kernel32: result documents allocated through {@link #allocateDocument} must come back through
 * {@link #LocalFree} exactly once, and pipes are in-memory byte buffers.
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

    private static final class Pipe
    {
        final Memory handle = new Memory(8);
        final byte[] data;
        int position;
        int lastRead;

        Pipe(byte[] data)
        {
            this.data = data;
        }
    }

    Pointer allocateDocument(String text)
    {
        Memory memory = Utf16.of(text);
        documents.put(Pointer.nativeValue(memory), memory);
        allocated.incrementAndGet();
        return memory;
    }

    Pointer pipe(String text)
    {
        Pipe pipe = new Pipe(text.getBytes(StandardCharsets.UTF_8));
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
            int count = Math.min(nNumberOfBytesToRead, pipe.data.length - pipe.position);
            if (count == 0) {
                throw new LastErrorException(109);
            }
            lpBuffer.write(0, pipe.data, pipe.position, count);
            pipe.position += count;
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

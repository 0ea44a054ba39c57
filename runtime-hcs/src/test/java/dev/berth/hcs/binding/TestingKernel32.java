package dev.berth.hcs.binding;

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
    private final AtomicInteger allocated = new AtomicInteger();
    private final AtomicInteger freed = new AtomicInteger();
    private final AtomicInteger badFrees = new AtomicInteger();

    private static final class Pipe
    {
        final Memory handle = new Memory(8);
        final byte[] data;
        int position;

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

    @Override
    public boolean ReadFile(Pointer hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntByReference lpNumberOfBytesRead, Pointer lpOverlapped)
    {
        Pipe pipe = pipes.get(Pointer.nativeValue(hFile));
        if (pipe == null || lpOverlapped != null) {
            return false;
        }
        synchronized (pipe) {
            int count = Math.min(nNumberOfBytesToRead, pipe.data.length - pipe.position);
            System.arraycopy(pipe.data, pipe.position, lpBuffer, 0, count);
            pipe.position += count;
            lpNumberOfBytesRead.setValue(count);
        }
        return true;
    }

    @Override
    public boolean CloseHandle(Pointer hObject)
    {
        return pipes.remove(Pointer.nativeValue(hObject)) != null;
    }
}

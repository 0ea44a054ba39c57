package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Pointer;
import dev.berth.hcs.binding.ComputeCore;

/**
 * An open {@code HCS_SYSTEM} handle and its registered event callback. Opaque outside this package: no JNA type
 * is reachable from its public surface. Closed exactly once through {@link HcsClient#close(SystemHandle)}.
 */
public final class SystemHandle
{
    private final String id;
    final Pointer pointer;
    /** Held so the native trampoline outlives its registration. */
    ComputeCore.HCS_EVENT_CALLBACK callback;
    boolean closed;

    SystemHandle(String id, Pointer pointer)
    {
        this.id = requireNonNull(id, "id is null");
        this.pointer = requireNonNull(pointer, "pointer is null");
    }

    public String id()
    {
        return id;
    }

    public synchronized boolean isClosed()
    {
        return closed;
    }
}

package dev.berth.hcs;

import com.sun.jna.Pointer;

/**
 * An open {@code HCS_PROCESS} handle, its process id, and its standard pipes when they were asked for. Opaque
 * outside this package. Closed exactly once through {@link HcsClient#close(ProcessHandle)}.
 */
public final class ProcessHandle
{
    private final int pid;
    final Pointer pointer;
    final Pointer stdInput;
    /** Null once a pump has taken it (the pump then closes it). */
    Pointer stdOutput;
    Pointer stdError;
    boolean closed;

    ProcessHandle(int pid, Pointer pointer, Pointer stdInput, Pointer stdOutput, Pointer stdError)
    {
        this.pid = pid;
        this.pointer = pointer;
        this.stdInput = stdInput;
        this.stdOutput = stdOutput;
        this.stdError = stdError;
    }

    public int pid()
    {
        return pid;
    }
}

package dev.berth.hcs.binding;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The few {@code kernel32.dll} functions the HCS binding needs, with Windows' names. Kept apart from JNA
 * platform's {@code Kernel32} so the C stub can export them on Linux and tests can count frees.
 */
public interface Kernel32
        extends Library
{
    /**
     * {@code HLOCAL LocalFree(HLOCAL hMem);} Frees a result document HCS allocated.
     *
     * @return null on success, {@code hMem} on failure
     */
    Pointer LocalFree(Pointer hMem);

    /**
     * {@code BOOL ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead, LPDWORD lpNumberOfBytesRead,
     * LPOVERLAPPED lpOverlapped);} Reads a process's stdout/stderr pipe; 0 bytes read with success means end of file.
     *
     * @param lpOverlapped [in, optional] null: synchronous
     * @return non-zero on success
     */
    boolean ReadFile(Pointer hFile, byte[] lpBuffer, int nNumberOfBytesToRead, IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    /** {@code BOOL CloseHandle(HANDLE hObject);} */
    boolean CloseHandle(Pointer hObject);
}

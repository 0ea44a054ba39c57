package dev.berth.hcs.binding;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The few {@code kernel32.dll} functions the HCS binding needs, with Windows' names. Kept apart from JNA
 * platform's {@code Kernel32} so the C stub can export them on Linux and tests can count frees.
 *
 * <p>The standard handles HCS hands out are overlapped pipe handles (hcsshim wraps them with go-winio's
 * {@code NewOpenFile}, which requires it): every read passes an {@code OVERLAPPED} and a buffer in native memory that
 * stays valid until the read completes. Functions declared to throw {@link LastErrorException} report
 * {@code GetLastError()} through it, the only reliable way to read it through JNA.
 */
public interface Kernel32
        extends Library
{
    /** {@code INVALID_HANDLE_VALUE}: what HCS puts in a standard handle the process parameters did not ask for. */
    Pointer INVALID_HANDLE_VALUE = Pointer.createConstant(-1L);

    /**
     * {@code HLOCAL LocalFree(HLOCAL hMem);} Frees a result document HCS allocated.
     *
     * @return null on success, {@code hMem} on failure
     */
    Pointer LocalFree(Pointer hMem);

    /**
     * {@code BOOL ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead, LPDWORD lpNumberOfBytesRead,
     * LPOVERLAPPED lpOverlapped);} On an overlapped handle: returns at once, either done or failing with
     * {@code ERROR_IO_PENDING}; the count then comes from {@link #GetOverlappedResult}.
     *
     * @param lpBuffer [out] native memory that outlives the read (a pending read writes into it later)
     * @param lpNumberOfBytesRead [out, optional] null for an overlapped read, as Microsoft advises
     * @param lpOverlapped [in] an {@link OVERLAPPED}, valid until the read completes
     * @throws LastErrorException {@code ERROR_IO_PENDING} (997) while in flight, {@code ERROR_BROKEN_PIPE} (109) at end
     */
    boolean ReadFile(Pointer hFile, Pointer lpBuffer, int nNumberOfBytesToRead, IntByReference lpNumberOfBytesRead, Pointer lpOverlapped)
            throws LastErrorException;

    /**
     * {@code BOOL GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred,
     * BOOL bWait);}
     *
     * @param bWait true to block until the operation completes
     * @throws LastErrorException {@code ERROR_BROKEN_PIPE} when the writer closed the pipe
     */
    boolean GetOverlappedResult(Pointer hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait)
            throws LastErrorException;

    /**
     * {@code HANDLE CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
     * LPCWSTR lpName);} The event an {@link OVERLAPPED} read signals. Closed with {@link #CloseHandle}.
     */
    Pointer CreateEventW(Pointer lpEventAttributes, boolean bManualReset, boolean bInitialState, Pointer lpName)
            throws LastErrorException;

    /** {@code BOOL CloseHandle(HANDLE hObject);} */
    boolean CloseHandle(Pointer hObject);
}

package dev.berth.hcs.binding;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code typedef struct HCS_PROCESS_INFORMATION { DWORD ProcessId; DWORD Reserved; HANDLE StdInput;
 * HANDLE StdOutput; HANDLE StdError; } HCS_PROCESS_INFORMATION;} The handles are the caller's to close.
 */
@Structure.FieldOrder({"ProcessId", "Reserved", "StdInput", "StdOutput", "StdError"})
public class HCS_PROCESS_INFORMATION
        extends Structure
{
    public int ProcessId;
    public int Reserved;
    public Pointer StdInput;
    public Pointer StdOutput;
    public Pointer StdError;
}

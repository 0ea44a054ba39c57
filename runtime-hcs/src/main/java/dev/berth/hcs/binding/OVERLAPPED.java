package dev.berth.hcs.binding;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code typedef struct _OVERLAPPED { ULONG_PTR Internal; ULONG_PTR InternalHigh; union { struct { DWORD Offset;
 * DWORD OffsetHigh; }; PVOID Pointer; }; HANDLE hEvent; } OVERLAPPED;} Its memory is JNA-allocated and lives as long
 * as this object, which must outlive every read that uses it. Offsets stay zero: pipes ignore them.
 */
@Structure.FieldOrder({"Internal", "InternalHigh", "Offset", "OffsetHigh", "hEvent"})
public class OVERLAPPED
        extends Structure
{
    public Pointer Internal;
    public Pointer InternalHigh;
    public int Offset;
    public int OffsetHigh;
    public Pointer hEvent;
}

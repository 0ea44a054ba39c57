package dev.berth.hcs.binding;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code typedef struct HCS_EVENT { HCS_EVENT_TYPE Type; PCWSTR EventData; HCS_OPERATION Operation; } HCS_EVENT;}
 * Passed by HCS to an {@link ComputeCore.HCS_EVENT_CALLBACK}; valid only during the callback.
 */
@Structure.FieldOrder({"Type", "EventData", "Operation"})
public class HCS_EVENT
        extends Structure
{
    public int Type;
    /** UTF-16 JSON (SystemExitStatus, ProcessStatus…), or null. Read with {@link Utf16#read}. */
    public Pointer EventData;
    public Pointer Operation;

    public HCS_EVENT()
    {
    }

    public HCS_EVENT(Pointer memory)
    {
        super(memory);
        read();
    }
}

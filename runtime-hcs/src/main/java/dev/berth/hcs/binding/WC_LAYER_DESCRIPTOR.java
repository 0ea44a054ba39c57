package dev.berth.hcs.binding;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code typedef struct _WC_LAYER_DESCRIPTOR { GUID LayerId; ULONG Flags; PCWSTR Path; } WC_LAYER_DESCRIPTOR;}
 * (hcsshim {@code internal/wclayer/layerutils.go}). The GUID is its 16 bytes in Windows' in-memory order.
 */
@Structure.FieldOrder({"LayerId", "Flags", "Path"})
public class WC_LAYER_DESCRIPTOR
        extends Structure
{
    public byte[] LayerId = new byte[16];
    public int Flags;
    /** UTF-16 NUL-terminated layer folder path, caller-owned. */
    public Pointer Path;
}

package dev.berth.hcs.binding;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct DriverInfo { GraphDriverType Flavour; LPCWSTR HomeDir; };} (hcsshim
 * {@code internal/wclayer/layerutils.go}). Flavour 1 is the filter driver; HomeDir is empty when ids are full paths.
 */
@Structure.FieldOrder({"Flavour", "HomeDir"})
public class DriverInfo
        extends Structure
{
    public static final int FILTER_DRIVER = 1;

    public int Flavour;
    /** UTF-16 NUL-terminated, caller-owned. */
    public Pointer HomeDir;

    public DriverInfo()
    {
    }

    public DriverInfo(int flavour, Pointer homeDir)
    {
        this.Flavour = flavour;
        this.HomeDir = homeDir;
    }
}

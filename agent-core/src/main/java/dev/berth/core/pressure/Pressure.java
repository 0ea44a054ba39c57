package dev.berth.core.pressure;

import java.util.Locale;

/** A resource a node can run short of, as the kubelet names its node conditions (MemoryPressure, PIDPressure, DiskPressure). */
public enum Pressure
{
    /** Available memory below its threshold; figures in bytes. */
    MEMORY,
    /** Free process ids below their threshold; figures in pids. */
    PIDS,
    /** The image store's file system used above its high threshold; figures in percent. */
    DISK;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}

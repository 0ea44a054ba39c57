package dev.berth.oci.runtime;

import java.util.Locale;

/**
 * The OCI runtimes the backend drives. They share the runtime command line; where they differ the driver takes
 * the strictest path: the signal is always passed to {@code kill} (youki requires it), and only the fields every
 * runtime prints are read from {@code state} (youki prints ociVersion, id, status, pid, bundle and annotations).
 */
public enum OciFlavor
{
    YOUKI("youki", "/run/youki"),
    RUNC("runc", "/run/berth/runc"),
    CRUN("crun", "/run/berth/crun");

    private final String binaryName;
    private final String defaultRoot;

    OciFlavor(String binaryName, String defaultRoot)
    {
        this.binaryName = binaryName;
        this.defaultRoot = defaultRoot;
    }

    /** The executable's usual name, looked up on PATH when no binary is configured. */
    public String binaryName()
    {
        return binaryName;
    }

    /** The state root used when none is configured: youki's own default, and a berth-private one for runc and crun. */
    public String defaultRoot()
    {
        return defaultRoot;
    }

    public static OciFlavor parse(String text)
    {
        for (OciFlavor flavor : values()) {
            if (flavor.binaryName.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return flavor;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a runtime flavor (youki, runc or crun)");
    }
}

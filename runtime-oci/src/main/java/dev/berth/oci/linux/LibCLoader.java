package dev.berth.oci.linux;

import com.sun.jna.Native;
import dev.berth.core.error.Internal;
import dev.berth.core.error.Unsupported;

import java.util.Locale;

/** The one place libc is loaded, on Linux only and only when asked. */
public final class LibCLoader
{
    private LibCLoader() {}

    /** Whether this JVM runs on Linux, where {@link #load()} works. Touches no native code. */
    public static boolean isLinux()
    {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /**
     * @throws Unsupported on any other OS
     * @throws Internal when JNA cannot load its native stub or libc
     */
    public static LibC load()
    {
        if (!isLinux()) {
            throw new Unsupported("libc system calls need a Linux host, not " + System.getProperty("os.name"));
        }
        try {
            return Native.load("c", LibC.class);
        }
        catch (LinkageError e) {
            throw new Internal("cannot load libc through JNA: " + e, e);
        }
    }
}

package dev.berth.hcs.binding;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Native;

import java.util.Optional;

/**
 * The one place the native libraries are loaded: {@code computecore.dll}, {@code vmcompute.dll} and
 * {@code kernel32.dll} on Windows, or a single library exporting all three sets (the test stub, through
 * {@code runtime.hcs.library}). Tests may also build one from hand-written implementations.
 */
public record HcsLibraries(ComputeCore computeCore, VmCompute vmCompute, Kernel32 kernel32)
{
    public HcsLibraries
    {
        requireNonNull(computeCore, "computeCore is null");
        requireNonNull(vmCompute, "vmCompute is null");
        requireNonNull(kernel32, "kernel32 is null");
    }

    /**
     * Loads the Windows DLLs, or every interface from {@code library} when present.
     *
     * @throws UnsatisfiedLinkError when a library cannot be loaded
     */
    public static HcsLibraries load(Optional<String> library)
    {
        if (library.isPresent()) {
            String path = library.get();
            return new HcsLibraries(Native.load(path, ComputeCore.class), Native.load(path, VmCompute.class), Native.load(path, Kernel32.class));
        }
        return new HcsLibraries(Native.load("computecore", ComputeCore.class), Native.load("vmcompute", VmCompute.class),
                Native.load("kernel32", Kernel32.class));
    }
}

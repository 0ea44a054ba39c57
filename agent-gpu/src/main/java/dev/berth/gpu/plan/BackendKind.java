package dev.berth.gpu.plan;

/** Which Linux backend a GPU plan is for: they reach GPUs differently. */
public enum BackendKind
{
    /** youki and friends on a Linux host: GPUs come from CDI specs. */
    NATIVE_LINUX,
    /** The WSL2 delegate: the GPU is Windows' paravirtual {@code /dev/dxg}, libraries in {@code /usr/lib/wsl/lib}. */
    WSL2
}

package dev.berth.gpu.testing;

import dev.berth.gpu.host.CommandRunner;
import dev.berth.gpu.host.LocalHostView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temp directory standing in for a host's {@code /}. Device nodes are symbolic links to the real {@code /dev/null}
 * (a character device, 1:3) so no root is needed; named pipes are made with {@code mkfifo}.
 */
public final class HostTree
{
    public static final int NULL_MAJOR = 1;
    public static final int NULL_MINOR = 3;

    private final Path root;

    public HostTree(Path root)
    {
        this.root = root;
    }

    public Path root()
    {
        return root;
    }

    public Path path(String hostPath)
    {
        return root.resolve(hostPath.replaceFirst("^/+", ""));
    }

    public HostTree directory(String hostPath)
    {
        try {
            Files.createDirectories(path(hostPath));
            return this;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HostTree file(String hostPath, String text)
    {
        try {
            Files.createDirectories(path(hostPath).getParent());
            Files.writeString(path(hostPath), text);
            return this;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HostTree characterDevice(String hostPath)
    {
        try {
            Files.createDirectories(path(hostPath).getParent());
            Files.createSymbolicLink(path(hostPath), Path.of("/dev/null"));
            return this;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HostTree fifo(String hostPath)
    {
        try {
            Files.createDirectories(path(hostPath).getParent());
            Process process = new ProcessBuilder("mkfifo", path(hostPath).toString()).inheritIO().start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("mkfifo failed for " + hostPath);
            }
            return this;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public LocalHostView view(CommandRunner runner)
    {
        return new LocalHostView(root, runner);
    }

    /** A WSL2 distro with GPU paravirtualization: /dev/dxg and the driver's libcuda. */
    public HostTree wslGpu()
    {
        return characterDevice("/dev/dxg").file("/usr/lib/wsl/lib/libcuda.so.1", "").file("/usr/lib/wsl/lib/nvidia-smi", "");
    }

    /** A running MPS daemon's directories, at the default places. */
    public HostTree mps()
    {
        return fifo("/tmp/nvidia-mps/control").directory("/var/log/nvidia-mps");
    }
}

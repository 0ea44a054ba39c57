package dev.berth.wsl2;

import dev.berth.core.error.Internal;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.youki.logs.K8sLogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a k8s-file log fetched from the distro with runtime-youki's reader, which parses it once, eagerly. */
final class DistroLogs
{
    private DistroLogs() {}

    static LogReader snapshot(String content, LogOptions options)
    {
        Path copy = null;
        try {
            copy = Files.createTempFile("berth-wsl2-log-", ".log");
            Files.writeString(copy, content);
            return new K8sLogReader(copy, new LogOptions(false, options.tail()), () -> true);
        }
        catch (IOException e) {
            throw new Internal("cannot stage the container log for reading", e);
        }
        finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                }
                catch (IOException e) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}

package dev.berth.oci.monitor;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param conmon the conmon executable
 * @param runtimeBinary the OCI runtime, absolute (conmon refuses a bare name)
 * @param socketDir conmon's {@code --socket-dir-path} for attach sockets
 * @param logMaxSize conmon's {@code --log-size-max}: past it conmon starts the log file afresh
 * @param createTimeout bound on conmon plus the runtime's create
 */
public record ConmonSettings(String conmon, String runtimeBinary, Path socketDir, long logMaxSize, Duration createTimeout)
{
    public ConmonSettings
    {
        requireNonNull(conmon, "conmon is null");
        requireNonNull(runtimeBinary, "runtimeBinary is null");
        requireNonNull(socketDir, "socketDir is null");
        requireNonNull(createTimeout, "createTimeout is null");
    }
}

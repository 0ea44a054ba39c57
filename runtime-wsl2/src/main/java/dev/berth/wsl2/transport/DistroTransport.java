package dev.berth.wsl2.transport;

import dev.berth.core.error.Timeout;
import dev.berth.gpu.host.HostView;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.process.CommandTransport;
import dev.berth.oci.process.InputWriter;

import java.time.Duration;

/**
 * How the delegate reaches its WSL2 distro. Every command, file write and probe goes through here and runs
 * inside the distro, with the distro's paths: a Linux path checked on the Windows side means nothing, a known
 * mistake in prior art. It is runtime-oci's {@link CommandTransport}, so the shared OCI driver and rootfs mounter
 * run unchanged inside the distro, plus binary standard input (layer tar streams) and a probe view for GPUs.
 *
 * <p>Two implementations: {@link WslExeTransport} ({@code wsl.exe -d DISTRO -u root -- ...}) on Windows, and
 * {@link LocalDistroTransport}, which runs the same commands on a Linux host, for tests.
 */
public interface DistroTransport
        extends CommandTransport
{
    /**
     * Runs the command, streaming {@code input} to its standard input (the command's own text stdin is ignored).
     *
     * @throws Timeout when it runs past the command's timeout; it has been killed
     */
    CommandResult run(Command command, InputWriter input);

    /** The distro as GPU probes see it: stat, list and read inside the distro, commands run there. */
    HostView hostView(Duration probeTimeout);
}

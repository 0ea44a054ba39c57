package dev.berth.wsl2.transport;

import static java.util.Objects.requireNonNull;

import dev.berth.gpu.host.HostView;
import dev.berth.gpu.host.LocalHostView;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.process.InputWriter;
import dev.berth.oci.process.ProcessCall;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the delegate's commands on this Linux host, for tests and for Linux development, with probes looking under
 * {@code distroRoot} as if it were the distro's {@code /}. Commands themselves run unchanged, so a test that runs
 * containers uses {@code /} as the root and a temp state dir, while a probe test uses a temp root standing in
 * for {@code /dev/dxg}, {@code /usr/lib/wsl} and {@code /tmp/nvidia-mps}.
 */
public final class LocalDistroTransport
        implements DistroTransport
{
    private final Path distroRoot;

    public LocalDistroTransport(Path distroRoot)
    {
        this.distroRoot = requireNonNull(distroRoot, "distroRoot is null").toAbsolutePath().normalize();
    }

    @Override
    public CommandResult run(Command command)
    {
        return run(command, InputWriter.of(command));
    }

    @Override
    public CommandResult run(Command command, InputWriter input)
    {
        return ProcessCall.run(command, command.argv(), command.env(), command.workingDirectory().map(File::new).orElse(null), input);
    }

    @Override
    public HostView hostView(Duration probeTimeout)
    {
        return new LocalHostView(distroRoot, new TransportCommandRunner(this));
    }

    @Override
    public String describe()
    {
        return "local distro rooted at " + distroRoot;
    }
}

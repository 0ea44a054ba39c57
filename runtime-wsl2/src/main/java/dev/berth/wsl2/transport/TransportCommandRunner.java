package dev.berth.wsl2.transport;

import static java.util.Objects.requireNonNull;

import dev.berth.gpu.host.CommandResult;
import dev.berth.gpu.host.CommandRunner;
import dev.berth.oci.process.Command;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** agent-gpu's command runner over a distro transport, so GPU probes run inside the distro. */
final class TransportCommandRunner
        implements CommandRunner
{
    private final DistroTransport transport;

    TransportCommandRunner(DistroTransport transport)
    {
        this.transport = requireNonNull(transport, "transport is null");
    }

    @Override
    public CommandResult run(List<String> command, byte[] stdin, Duration timeout)
    {
        Command call = new Command(command, Map.of(), Optional.empty(), Optional.empty(), timeout);
        dev.berth.oci.process.CommandResult result = stdin.length == 0 ? transport.run(call)
                : transport.run(call, (OutputStream output) -> output.write(stdin));
        return new CommandResult(command, result.exitCode(), result.stdout(), result.stderr());
    }
}

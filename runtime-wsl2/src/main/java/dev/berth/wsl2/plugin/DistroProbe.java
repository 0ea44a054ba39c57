package dev.berth.wsl2.plugin;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Timeout;
import dev.berth.wsl2.config.Wsl2Config;
import dev.berth.wsl2.transport.DistroTransport;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;

import java.util.List;
import java.util.Optional;

/**
 * The cheap checks that decide whether the delegate can run: the distro answers, and the OCI runtime and conmon
 * are executable inside it. Each runs in the distro: a Linux path looked up on the Windows side proves nothing.
 */
public final class DistroProbe
{
    private final DistroTransport transport;
    private final Wsl2Config config;

    public DistroProbe(DistroTransport transport, Wsl2Config config)
    {
        this.transport = requireNonNull(transport, "transport is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** Why the delegate cannot run in the distro, or empty when it can. */
    public Optional<String> unusableReason()
    {
        try {
            CommandResult reachable = transport.run(Command.of(config.probeTimeout(), List.of("true")));
            if (reachable.exitCode() == CommandResult.NOT_LAUNCHED && reachable.stderr().startsWith("cannot launch")) {
                return Optional.of("cannot run " + config.wslExe() + " to reach WSL2 distro '" + config.distro() + "': " + reachable.stderr().strip());
            }
            if (!reachable.succeeded()) {
                return Optional.of("WSL2 distro '" + config.distro() + "' is not reachable (" + transport.describe() + " exited "
                        + reachable.exitCode() + ": " + reachable.stderr().strip() + "); check 'wsl.exe -l -v' and " + Wsl2Config.DISTRO.name());
            }
            if (!executable(config.binary())) {
                return Optional.of("the OCI runtime " + config.binary() + " is not executable inside WSL2 distro '" + config.distro()
                        + "' (install " + config.flavor().binaryName() + " there or set " + Wsl2Config.BINARY.name() + ")");
            }
            if (!executable(config.conmon())) {
                return Optional.of("conmon " + config.conmon() + " is not executable inside WSL2 distro '" + config.distro()
                        + "' (apt-get install conmon there or set " + Wsl2Config.CONMON.name() + ")");
            }
            return Optional.empty();
        }
        catch (Timeout e) {
            return Optional.of("WSL2 distro '" + config.distro() + "' did not answer within " + config.probeTimeout() + " (" + transport.describe() + ")");
        }
    }

    private boolean executable(String path)
    {
        return transport.run(Command.of(config.probeTimeout(), List.of("test", "-x", path))).succeeded();
    }
}

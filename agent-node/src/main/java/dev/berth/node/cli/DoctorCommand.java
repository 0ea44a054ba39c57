package dev.berth.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "doctor", description = "Check this host: backends usable or not and why, cgroups, the socket, boot errors. "
        + "Exits non-zero when no backend can run containers.")
public final class DoctorCommand
        extends ClientCommand
{
    @Option(names = "--config", paramLabel = "FILE", description = "The agent's config (default: /etc/berth/config.yaml when it exists).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The agent's data dir (default: from config, else /var/lib/berth).")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Config override, as for berth agent.")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call()
    {
        // The doctor's classes stay out of this class, so the client commands' small class path can load it.
        return new dev.berth.node.doctor.Doctor(config, dataDir, socket, sets, json).run();
    }
}

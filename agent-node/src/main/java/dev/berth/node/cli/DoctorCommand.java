package dev.berth.node.cli;

import org.apache.commons.cli.Options;

import java.nio.file.Path;
import java.util.List;

public final class DoctorCommand
        extends ClientCommand
{
    private Path config;
    private Path dataDir;
    private List<String> sets;

    @Override
    public String description()
    {
        return "Check this host: backends usable or not and why, cgroups, the socket, boot errors. "
                + "Exits non-zero when no backend can run containers.";
    }

    @Override
    protected void addCommandOptions(Options options)
    {
        options.addOption(valued(null, "config", "FILE", "The agent's config (default: /etc/berth/config.yaml when it exists)."));
        options.addOption(valued(null, "data-dir", "DIR", "The agent's data dir (default: from config, else /var/lib/berth)."));
        options.addOption(valued(null, "set", "KEY=VALUE", "Config override, as for berth agent (repeatable)."));
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(0);
        config = arguments.path("config");
        dataDir = arguments.path("data-dir");
        sets = arguments.values("set");
    }

    @Override
    public int call()
    {
        // The doctor's classes stay out of this class, so the client commands' small class path can load it.
        return new dev.berth.node.doctor.Doctor(config, dataDir, socket, sets, json).run();
    }
}

package dev.berth.node.cli;

import dev.berth.node.bootstrap.LogSetup;
import org.apache.commons.cli.Options;

import java.nio.file.Path;
import java.util.List;

public final class AgentCommand
        extends CliCommand
{
    private Path config;
    private Path dataDir;
    private Path socket;
    private List<String> sets;
    private String logFormat;

    @Override
    public String description()
    {
        return "Run the node agent in the foreground. SIGTERM stops it gracefully; containers keep running.";
    }

    @Override
    protected void addOptions(Options options)
    {
        options.addOption(valued(null, "config", "FILE", "YAML config (default: /etc/berth/config.yaml when it exists)."));
        options.addOption(valued(null, "data-dir", "DIR", "Durable state directory (default: /var/lib/berth)."));
        options.addOption(valued(null, "socket", "PATH", "API socket (default: /run/berth/berth.sock)."));
        options.addOption(valued(null, "set", "KEY=VALUE", "Override one config key (repeatable), e.g. runtime.youki.flavor=runc."));
        options.addOption(valued(null, "log-format", "FORMAT", "text (default) or json."));
    }

    @Override
    protected void bind(Arguments arguments)
    {
        arguments.noMoreThan(0);
        config = arguments.path("config");
        dataDir = arguments.path("data-dir");
        socket = arguments.path("socket");
        sets = arguments.values("set");
        String format = arguments.value("log-format");
        logFormat = format == null ? "text" : format;
        if (!LogSetup.FORMATS.contains(logFormat)) {
            throw new CliUsageError("option '--log-format' expects " + String.join(" or ", LogSetup.FORMATS) + ", not '" + logFormat + "'");
        }
    }

    @Override
    public int call()
            throws InterruptedException
    {
        // The agent's classes stay out of this class, so the client commands' small class path can load it.
        return dev.berth.node.bootstrap.AgentMain.run(config, dataDir, socket, sets, logFormat);
    }
}

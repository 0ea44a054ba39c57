package dev.berth.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "agent", description = "Run the node agent in the foreground. SIGTERM stops it gracefully; containers keep running.")
public final class AgentCommand
        implements Callable<Integer>
{
    @Option(names = "--config", paramLabel = "FILE", description = "YAML config (default: /etc/berth/config.yaml when it exists).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Durable state directory (default: /var/lib/berth).")
    Path dataDir;

    @Option(names = "--socket", paramLabel = "PATH", description = "API socket (default: /run/berth/berth.sock).")
    Path socket;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key (repeatable), e.g. runtime.youki.flavor=runc.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "text (default) or json.")
    String logFormat = "text";

    @Override
    public Integer call()
            throws InterruptedException
    {
        // The agent's classes stay out of this class, so the client commands' small class path can load it.
        return dev.berth.node.bootstrap.AgentMain.run(config, dataDir, socket, sets, logFormat);
    }
}

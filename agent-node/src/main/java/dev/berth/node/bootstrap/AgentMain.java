package dev.berth.node.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.ErrorWire;
import dev.berth.node.cli.CliFailure;
import dev.berth.node.cli.ExitCodes;
import dev.berth.node.systemd.SystemdNotifier;
import org.apache.logging.log4j.LogManager;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code berth agent}: boots, runs until SIGTERM, stops gracefully. */
public final class AgentMain
{
    private AgentMain() {}

    public static int run(Path config, Path dataDir, Path socket, List<String> sets, String logFormat)
            throws InterruptedException
    {
        LogSetup.configure(logFormat);
        GuiceSettings.apply();
        AgentOptions options = new AgentOptions(Optional.ofNullable(config), Optional.ofNullable(dataDir), Optional.ofNullable(socket), sets, logFormat);
        RunningAgent agent;
        try {
            agent = new AgentLauncher(new ProductionComponents()).boot(options);
        }
        catch (AgentError error) {
            LogManager.getLogger(AgentMain.class).error("boot failed: {}", error.getMessage(), error);
            LogManager.shutdown();
            throw new CliFailure(error.code().name(), error.getMessage(), ErrorWire.encode(error, new ObjectMapper()).toString());
        }
        // Under systemd (Type=notify) the unit is started only now, when the API answers; STOPPING=1 on SIGTERM.
        SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
        systemd.ready("API on " + agent.config().socket());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            systemd.stopping();
            agent.stop();
        }, "agent-stop"));
        agent.awaitStopped();
        return ExitCodes.OK;
    }
}

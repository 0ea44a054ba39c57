package dev.berth.node.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Configuration;
import dev.berth.core.error.Internal;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.platform.HostPlatformDetector;
import dev.berth.core.platform.SystemHostProbe;
import dev.berth.core.plugin.BackendDiscovery;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.node.api.ApiServer;
import dev.berth.node.config.AgentConfig;
import dev.berth.node.config.ConfigFiles;
import dev.berth.node.marker.MarkerOutcome;
import dev.berth.node.marker.PidMarker;
import dev.berth.node.marker.ProcessTable;
import dev.berth.node.metrics.AgentMetrics;
import dev.berth.lifecycle.ServiceManager;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Boots the agent: config (refusing unknown keys), the PID marker, backend discovery, one Guice injector
 * ({@code Stage.PRODUCTION}, explicit bindings, no circular proxies) that opens the state and starts the
 * components, then the API. A failed boot leaves {@code boot-error.json} in the data dir; a successful one
 * removes it.
 */
public final class AgentLauncher
{
    private static final Logger log = LogManager.getLogger(AgentLauncher.class);

    private final AgentComponents components;

    public AgentLauncher(AgentComponents components)
    {
        this.components = requireNonNull(components, "components is null");
    }

    /** Boots the agent; the returned handle stops it. @throws AgentError when the boot fails */
    public RunningAgent boot(AgentOptions options)
    {
        long startNanos = System.nanoTime();
        ConfigMap config = ConfigFiles.load(options.effectiveConfigFile(), options.overrides());
        Path dataDir = Path.of(config.raw(AgentConfig.DATA_DIR.name()).orElse(AgentConfig.DATA_DIR.defaultValue())).toAbsolutePath();
        BootErrorFile bootErrors = new BootErrorFile(dataDir);
        long pid = ProcessHandle.current().pid();
        PidMarker marker = new PidMarker(dataDir, ProcessTable.system());
        MarkerOutcome outcome;
        try {
            DataDirectory.claim(dataDir);
            outcome = marker.acquire(pid);
        }
        catch (IOException e) {
            AgentError error = new Configuration("cannot create data dir " + dataDir + ": " + e.getMessage(), e);
            bootErrors.write(BootErrorFile.of(error));
            throw error;
        }
        // A refusal (another live agent) throws above and must not touch that agent's boot-error.json.
        try {
            RunningAgent agent = start(config, dataDir, outcome, marker, pid);
            bootErrors.clear();
            log.info("berth agent {} ready in {} ms (PID {}, data dir {}, socket {})", Version.current(),
                    (System.nanoTime() - startNanos) / 1_000_000, pid, dataDir, agent.config().socket());
            return agent;
        }
        catch (AgentError error) {
            bootErrors.write(BootErrorFile.of(error));
            marker.release(pid);
            throw error;
        }
        catch (RuntimeException e) {
            AgentError error = asAgentError(e);
            bootErrors.write(BootErrorFile.of(error));
            marker.release(pid);
            throw error;
        }
    }

    private RunningAgent start(ConfigMap config, Path dataDir, MarkerOutcome outcome, PidMarker marker, long pid)
    {
        if (outcome.previousCrashed()) {
            log.warn("{}: recovering", outcome.reason());
        }
        Thread preload = new Thread(ApiServer::preload, "api-preload");
        preload.setDaemon(true);
        preload.start();
        List<BackendPlugin> plugins = BackendDiscovery.load(AgentLauncher.class.getClassLoader());
        List<ConfigKey<?>> known = knownKeys(plugins, components);
        config.validate(known);
        AgentConfig agentConfig = AgentConfig.from(config);
        config = DataDirDefaults.apply(config, agentConfig, known);
        HostPlatform detected = new HostPlatformDetector(new SystemHostProbe()).detect();
        HostPlatform host = agentConfig.platform(detected);
        if (!host.equals(detected)) {
            log.warn("agent.platform.os overrides the detected platform: this node reports itself as {} {} (build {}); for tests and mixed-cluster simulation only",
                    host.os().ociName(), host.arch(), host.windowsBuild().orElse(host.kernel()));
        }
        BackendDiscovery.Selection selection = BackendDiscovery.select(plugins, host, config);
        AgentContext context = new AgentContext(config, agentConfig, host, plugins, selection, outcome);
        NodeInfo info = NodeFacts.collect(context);

        List<Module> modules = new ArrayList<>();
        modules.add(new AgentModule(context, info));
        for (BackendPlugin plugin : selection.active()) {
            modules.add(plugin.module(host, config));
        }
        modules.addAll(components.modules(context));
        Injector injector = Guice.createInjector(Stage.PRODUCTION, modules);

        AgentMetrics metrics = injector.getInstance(AgentMetrics.class);
        ServiceManager services = injector.getInstance(ServiceManager.class);
        metrics.recordRecovery(services.lastRecovery());
        ApiServer api = injector.getInstance(ApiServer.class);
        api.start();
        components.started(injector, info);
        return new RunningAgent(injector, agentConfig, api, components.closeables(injector), marker, pid);
    }

    /** Every key the agent, the backend plugins and the components declare. */
    public static List<ConfigKey<?>> knownKeys(List<BackendPlugin> plugins, AgentComponents components)
    {
        List<ConfigKey<?>> keys = new ArrayList<>(AgentConfig.KEYS);
        keys.add(BackendDiscovery.BACKENDS);
        plugins.forEach(plugin -> keys.addAll(plugin.configKeys()));
        keys.addAll(components.configKeys());
        return keys;
    }

    private static AgentError asAgentError(RuntimeException e)
    {
        if (e instanceof AgentError error) {
            return error;
        }
        // Guice wraps what a provider threw, in a report of every binding it could not build (20 KB for a corrupt
        // store); the AgentError inside is the real reason, with its stage.
        Optional<AgentError> inside = GuiceErrors.agentError(e);
        if (inside.isPresent()) {
            return inside.get();
        }
        return new Internal("agent boot failed: " + Optional.ofNullable(e.getMessage()).orElse(e.toString()), e);
    }

    /** When the agent started, for the logs and start-to-ready measurements. */
    public static Instant processStart()
    {
        return ProcessHandle.current().info().startInstant().orElse(Instant.now());
    }
}

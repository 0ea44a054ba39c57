package dev.berth.node.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.AgentError;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.platform.HostPlatformDetector;
import dev.berth.core.platform.SystemHostProbe;
import dev.berth.core.plugin.BackendDiscovery;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.node.bootstrap.AgentLauncher;
import dev.berth.node.bootstrap.AgentOptions;
import dev.berth.node.bootstrap.BootErrorFile;
import dev.berth.node.bootstrap.ProductionComponents;
import dev.berth.node.cli.ExitCodes;
import dev.berth.node.client.AgentClient;
import dev.berth.node.client.AgentUnreachable;
import dev.berth.node.client.ApiException;
import dev.berth.node.config.AgentConfig;
import dev.berth.node.config.ConfigFiles;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * {@code berth doctor}, run in the CLI's process so it works with the agent down: config, every backend plugin's
 * verdict on this host, the cgroup layout, the socket and whether an agent answers on it, and boot-error.json.
 */
public final class Doctor
{
    private final Path config;
    private final Path dataDir;
    private final Path socket;
    private final List<String> sets;
    private final boolean json;

    public Doctor(Path config, Path dataDir, Path socket, List<String> sets, boolean json)
    {
        this.config = config;
        this.dataDir = dataDir;
        this.socket = socket;
        this.sets = List.copyOf(sets);
        this.json = json;
    }

    private PrintStream out()
    {
        return System.out;
    }

    private void printJson(JsonNode node)
    {
        try {
            out().println(AgentClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            out().println(node);
        }
    }

    public int run()
    {
        System.setProperty("berth.log.level", "warn");
        dev.berth.node.bootstrap.LogSetup.configure("text");
        ObjectNode report = AgentClient.object();
        AgentOptions options = new AgentOptions(Optional.ofNullable(config), Optional.ofNullable(dataDir), Optional.ofNullable(socket), sets, "text");
        ConfigMap configMap;
        try {
            configMap = ConfigFiles.load(options.effectiveConfigFile(), options.overrides());
        }
        catch (AgentError error) {
            report.put("config", "invalid: " + error.getMessage());
            configMap = ConfigMap.empty();
        }
        List<BackendPlugin> plugins;
        try {
            plugins = BackendDiscovery.load(Doctor.class.getClassLoader());
        }
        catch (java.util.ServiceConfigurationError e) {
            report.put("plugins", "broken installation: " + e.getMessage());
            plugins = List.of();
        }
        try {
            configMap.validate(AgentLauncher.knownKeys(plugins, new ProductionComponents()));
            report.put("config", options.effectiveConfigFile().map(Path::toString).orElse("(defaults)") + ": ok");
        }
        catch (AgentError error) {
            report.put("config", "invalid: " + error.getMessage());
        }
        HostPlatform host = new HostPlatformDetector(new SystemHostProbe()).detect();
        report.put("java", launcherFact("BERTH_LAUNCHER_JAVA", System.getProperty("java.home") + " " + Runtime.version()));
        report.put("agentCache", launcherFact("BERTH_LAUNCHER_AGENT_CACHE", "unknown: doctor was not started by the berth launcher"));
        report.put("host", host.os().ociName() + "/" + host.arch() + " kernel " + host.kernel() + (host.wsl2() ? " (WSL2)" : ""));
        ObjectNode backends = report.putObject("backends");
        int usable = 0;
        for (BackendPlugin plugin : plugins) {
            Optional<String> reason;
            try {
                reason = plugin.unusableReason(host, configMap);
            }
            catch (RuntimeException e) {
                reason = Optional.of("probe failed: " + e.getMessage());
            }
            ObjectNode entry = backends.putObject(plugin.name());
            entry.put("usable", reason.isEmpty());
            reason.ifPresent(text -> entry.put("reason", text));
            usable += reason.isEmpty() ? 1 : 0;
        }
        CgroupLayout cgroups = CgroupLayout.detect(Path.of("/proc/self/mountinfo"));
        ObjectNode cgroupNode = report.putObject("cgroups");
        cgroupNode.put("mode", cgroups.mode());
        ArrayNode controllers = cgroupNode.putArray("v1Controllers");
        cgroups.v1Controllers().forEach(controllers::add);
        Path socketPath = socket != null ? socket
                : configMap.raw(AgentConfig.SOCKET.name()).map(Path::of).orElse(AgentClient.resolveSocket(null));
        report.set("socket", socketReport(socketPath));
        Path data = dataDir != null ? dataDir : Path.of(configMap.raw(AgentConfig.DATA_DIR.name()).orElse(AgentConfig.DATA_DIR.defaultValue()));
        new BootErrorFile(data).read().ifPresentOrElse(
                error -> report.set("bootError", AgentClient.object().put("t", error.time().toString()).put("stage", error.stage())
                        .put("errno", error.errno().isPresent() ? String.valueOf(error.errno().getAsInt()) : "")
                        .put("message", error.message()).put("file", new BootErrorFile(data).file().toString())),
                () -> report.put("bootError", "none in " + data));
        report.put("usableBackends", usable);
        if (json) {
            printJson(report);
        }
        else {
            print(report);
        }
        return usable > 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** What the launcher chose and why, as it told this process; {@code otherwise} when run without it. */
    private static String launcherFact(String variable, String otherwise)
    {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? otherwise : value;
    }

    private ObjectNode socketReport(Path path)
    {
        ObjectNode node = AgentClient.object().put("path", path.toString());
        try {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
            node.put("mode", PosixFilePermissions.toString(attributes.permissions()));
            node.put("owner", attributes.owner().getName() + ":" + attributes.group().getName());
        }
        catch (java.io.IOException e) {
            node.put("mode", "missing");
        }
        try {
            JsonNode ping = new AgentClient(path).get("/v1/ping");
            node.put("agent", "answering (" + ping.path("version").asText() + ")");
        }
        catch (AgentUnreachable e) {
            node.put("agent", "not answering: " + e.getCause().getMessage());
        }
        catch (ApiException e) {
            node.put("agent", "answering with an error: " + e.getMessage());
        }
        return node;
    }

    private void print(ObjectNode report)
    {
        out().println("config:   " + report.path("config").asText());
        out().println("host:     " + report.path("host").asText());
        out().println("java:     " + report.path("java").asText());
        out().println("agent class cache: " + report.path("agentCache").asText());
        out().println("backends:");
        if (report.path("backends").isEmpty()) {
            out().println("  none found on the class path");
        }
        report.path("backends").fields().forEachRemaining(entry -> out().println("  " + entry.getKey() + ": "
                + (entry.getValue().path("usable").asBoolean() ? "usable" : "unusable: " + entry.getValue().path("reason").asText())));
        out().println("cgroups:  " + report.path("cgroups").path("mode").asText() + " " + report.path("cgroups").path("v1Controllers"));
        JsonNode socketNode = report.path("socket");
        out().println("socket:   " + socketNode.path("path").asText() + " " + socketNode.path("mode").asText()
                + (socketNode.has("owner") ? " " + socketNode.get("owner").asText() : "") + "; agent " + socketNode.path("agent").asText());
        JsonNode bootError = report.path("bootError");
        if (bootError.isObject()) {
            out().println("boot error: " + bootError.path("t").asText() + " stage " + bootError.path("stage").asText()
                    + (bootError.path("errno").asText().isEmpty() ? "" : " errno " + bootError.path("errno").asText())
                    + ": " + bootError.path("message").asText() + " (" + bootError.path("file").asText() + ")");
        }
        else {
            out().println("boot error: " + bootError.asText());
        }
        if (report.path("usableBackends").asInt() == 0) {
            out().println("verdict:  no backend can run containers on this host");
        }
        else {
            out().println("verdict:  ok");
        }
    }
}

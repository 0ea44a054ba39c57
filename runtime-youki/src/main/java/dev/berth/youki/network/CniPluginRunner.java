package dev.berth.youki.network;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.Configuration;
import dev.berth.core.error.Network;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executes CNI plugins as the CNI specification describes: the plugin named by the config's {@code type} is run from
 * CNI_PATH with CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME and CNI_PATH in its environment and the network
 * configuration on stdin; it prints a result (ADD) or nothing (DEL, CHECK) on stdout, or, exiting non-zero, an error
 * object {@code {code, msg, details}}.
 */
public final class CniPluginRunner
{
    private static final Logger log = LogManager.getLogger(CniPluginRunner.class);
    // Plugins such as portmap and bridge (ipMasq) run iptables, which lives in the sbin directories.
    private static final String SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path cniPath;
    private final CommandRunner runner;
    private final ObjectMapper mapper;

    public CniPluginRunner(Path cniPath, CommandRunner runner, ObjectMapper mapper)
    {
        this.cniPath = requireNonNull(cniPath, "cniPath is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    /**
     * Runs the plugin {@code config.type}.
     *
     * @return the plugin's result (ADD), or empty when it printed nothing (DEL, CHECK)
     * @throws Network carrying the plugin's error code, msg, details and stderr when it fails, or when it runs past
     * the timeout
     * @throws Configuration when the plugin binary is not installed
     */
    public Optional<JsonNode> invoke(CniCommand command, CniInvocation invocation, ObjectNode config)
    {
        String type = config.path("type").asText("");
        if (type.isEmpty() || type.contains("/")) {
            throw new Network("CNI network configuration has no valid plugin type: " + config);
        }
        Path plugin = cniPath.resolve(type);
        if (!Files.isExecutable(plugin)) {
            throw new Configuration("CNI plugin " + type + " is not installed in " + cniPath
                    + " (runtime.youki.network.cni-path; Debian package containernetworking-plugins)");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CNI_COMMAND", command.name());
        environment.put("CNI_CONTAINERID", invocation.containerId());
        environment.put("CNI_NETNS", invocation.namespacePath());
        environment.put("CNI_IFNAME", invocation.interfaceName());
        environment.put("CNI_PATH", cniPath.toString());
        environment.put("PATH", SEARCH_PATH);
        byte[] stdin = toBytes(config);
        log.debug("CNI {} {} for {} ({})", command, type, invocation.containerId(), invocation.interfaceName());
        CommandResult result = runner.run(List.of(plugin.toString()), environment, stdin);
        String what = "CNI plugin " + type + " " + command + " for container " + invocation.containerId();
        if (!result.succeeded()) {
            throw new Network(what + " failed: " + describeError(result));
        }
        String stdout = result.stdout().strip();
        if (stdout.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readTree(stdout));
        }
        catch (JsonProcessingException e) {
            throw new Network(what + " printed a result that is not JSON: " + abbreviate(stdout), e);
        }
    }

    private String describeError(CommandResult result)
    {
        StringBuilder message = new StringBuilder();
        message.append("exit status ").append(result.exitCode());
        String stdout = result.stdout().strip();
        JsonNode error = null;
        try {
            error = stdout.isEmpty() ? null : mapper.readTree(stdout);
        }
        catch (JsonProcessingException e) {
            // Not the spec's error object; the raw text is still the best evidence.
        }
        if (error != null && error.isObject() && error.has("msg")) {
            message.append(", code ").append(error.path("code").asText("?"));
            message.append(": ").append(error.path("msg").asText());
            String details = error.path("details").asText("");
            if (!details.isEmpty()) {
                message.append(" (").append(details).append(")");
            }
        }
        else if (!stdout.isEmpty()) {
            message.append(", stdout: ").append(abbreviate(stdout));
        }
        String stderr = result.stderr().strip();
        if (!stderr.isEmpty()) {
            message.append("; stderr: ").append(abbreviate(stderr));
        }
        return message.toString();
    }

    private byte[] toBytes(ObjectNode config)
    {
        try {
            return mapper.writeValueAsString(config).getBytes(UTF_8);
        }
        catch (JsonProcessingException e) {
            throw new Network("cannot encode CNI configuration: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String text)
    {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "…";
    }
}

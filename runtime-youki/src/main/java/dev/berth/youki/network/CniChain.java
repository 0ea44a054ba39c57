package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.Network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs a network configuration list the way the CNI specification's "Network configuration lists" section says:
 * ADD runs the plugins in order, each getting the previous plugin's result as {@code prevResult}; DEL runs them in
 * reverse and CHECK in order, each getting the cached ADD result as {@code prevResult}.
 */
public final class CniChain
{
    private final CniPluginRunner runner;

    public CniChain(CniPluginRunner runner)
    {
        this.runner = requireNonNull(runner, "runner is null");
    }

    /** @return the last plugin's result: the attachment's final CNI result */
    public JsonNode add(CniInvocation invocation, List<ObjectNode> plugins)
    {
        JsonNode previous = null;
        for (ObjectNode plugin : plugins) {
            ObjectNode config = withPrevious(plugin, previous);
            JsonNode result = runner.invoke(CniCommand.ADD, invocation, config)
                    .orElseThrow(() -> new Network("CNI plugin " + plugin.path("type").asText() + " ADD printed no result"));
            previous = result;
        }
        if (previous == null) {
            throw new Network("empty CNI network configuration list");
        }
        return previous;
    }

    /**
     * @param cachedResult the ADD result, or null when ADD never completed (the plugins then clean up what they can)
     */
    public void delete(CniInvocation invocation, List<ObjectNode> plugins, JsonNode cachedResult)
    {
        List<ObjectNode> reversed = new ArrayList<>(plugins);
        Collections.reverse(reversed);
        for (ObjectNode plugin : reversed) {
            runner.invoke(CniCommand.DEL, invocation, withPrevious(plugin, cachedResult));
        }
    }

    public void check(CniInvocation invocation, List<ObjectNode> plugins, JsonNode cachedResult)
    {
        requireNonNull(cachedResult, "cachedResult is null");
        for (ObjectNode plugin : plugins) {
            runner.invoke(CniCommand.CHECK, invocation, withPrevious(plugin, cachedResult));
        }
    }

    private static ObjectNode withPrevious(ObjectNode plugin, JsonNode previous)
    {
        ObjectNode config = plugin.deepCopy();
        if (previous != null) {
            config.set("prevResult", previous);
        }
        return config;
    }
}

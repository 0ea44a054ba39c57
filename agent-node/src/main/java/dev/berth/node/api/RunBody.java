package dev.berth.node.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/containers}: {@code {name?, image, command?, env?, memory?, platform?, rm?, here?}}. An env
 * value is text or a spec env object ({@code {value, secret}}); the spec parser reads it. {@code here} runs it on this
 * node even when the node is part of a cluster.
 */
public record RunBody(String name, String image, List<String> command, Map<String, JsonNode> env, String memory, String platform, Boolean rm,
        Boolean here)
{
    public RunBody
    {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    }

    public boolean remove()
    {
        return rm != null && rm;
    }

    public boolean onThisNode()
    {
        return here != null && here;
    }
}

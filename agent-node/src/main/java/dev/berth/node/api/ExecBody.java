package dev.berth.node.api;

import java.util.List;
import java.util.Map;

/** The body of {@code POST /v1/containers/NAME/exec}: {@code {command, env?, user?, timeout?}}. */
public record ExecBody(List<String> command, Map<String, String> env, String user, String timeout)
{
    public ExecBody
    {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        user = user == null ? "" : user;
    }
}

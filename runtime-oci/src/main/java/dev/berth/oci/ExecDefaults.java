package dev.berth.oci;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.Internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an exec inherits from the container's OCI config, like docker exec: its environment and its {@code uid:gid},
 * unless the request says otherwise. Both are passed explicitly because runtimes differ: crun 1.8 runs an exec
 * without {@code --user} as root, even in a container whose process runs as nobody.
 */
public record ExecDefaults(Map<String, String> env, String user)
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ExecDefaults
    {
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(user, "user is null");
    }

    public static ExecDefaults read(Path config)
    {
        try {
            return parse(Files.readString(config), config.toString());
        }
        catch (IOException e) {
            throw new Internal("cannot read the container's OCI config " + config, e);
        }
    }

    /**
     * @param where the config's path, for the error
     */
    public static ExecDefaults parse(String config, String where)
    {
        JsonNode process;
        try {
            process = MAPPER.readTree(config).path("process");
        }
        catch (IOException e) {
            throw new Internal("cannot read the container's OCI config " + where, e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode entry : process.path("env")) {
            String text = entry.asText();
            int equals = text.indexOf('=');
            if (equals > 0) {
                env.put(text.substring(0, equals), text.substring(equals + 1));
            }
        }
        JsonNode user = process.path("user");
        return new ExecDefaults(env, user.path("uid").asLong(0) + ":" + user.path("gid").asLong(0));
    }

    /** The container's environment with the request's on top. */
    public Map<String, String> envWith(Map<String, String> requested)
    {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(requested);
        return merged;
    }

    /** The request's user, else the container's. */
    public String userOr(String requested)
    {
        return requested.isEmpty() ? user : requested;
    }
}

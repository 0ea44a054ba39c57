package dev.berth.youki;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.Internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an exec inherits from the container's OCI config: its environment and its {@code uid:gid}. */
record ExecDefaults(Map<String, String> env, String user)
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    ExecDefaults
    {
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(user, "user is null");
    }

    static ExecDefaults read(Path config)
    {
        try {
            JsonNode process = MAPPER.readTree(config.toFile()).path("process");
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
        catch (IOException e) {
            throw new Internal("cannot read the container's OCI config " + config, e);
        }
    }
}

package dev.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials from a docker-style {@code config.json} ({@code auths.<host>.auth} as base64 user:password,
 * or {@code username}/{@code password}), read on each lookup so that a {@code docker login} takes effect at once.
 * Credential helpers are not run.
 */
public final class CredentialStore
{
    private static final Logger log = LogManager.getLogger(CredentialStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;

    public CredentialStore(Path file)
    {
        this.file = file;
    }

    public Optional<Credentials> lookup(String registry)
    {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, Credentials> all = readAll();
        for (String key : keysFor(registry)) {
            Credentials credentials = all.get(key);
            if (credentials != null) {
                return Optional.of(credentials);
            }
        }
        return Optional.empty();
    }

    private static String[] keysFor(String registry)
    {
        if (registry.equals("docker.io")) {
            return new String[] {"https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io", "https://registry-1.docker.io"};
        }
        return new String[] {registry, "https://" + registry, "http://" + registry, "https://" + registry + "/v1/", "https://" + registry + "/v2/"};
    }

    private Map<String, Credentials> readAll()
    {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        }
        catch (IOException e) {
            throw new Configuration("image.auth-file: cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Credentials> credentials = new HashMap<>();
        root.path("auths").fields().forEachRemaining(entry -> {
            JsonNode auth = entry.getValue();
            String encoded = auth.path("auth").asText("");
            if (!encoded.isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
                }
                catch (IllegalArgumentException e) {
                    log.warn("ignoring credentials for {} in {}: 'auth' is not base64", entry.getKey(), file);
                    return;
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    log.warn("ignoring credentials for {} in {}: 'auth' is not user:password", entry.getKey(), file);
                    return;
                }
                credentials.put(entry.getKey(), new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
            }
            else if (auth.has("username")) {
                credentials.put(entry.getKey(), new Credentials(auth.path("username").asText(), auth.path("password").asText("")));
            }
        });
        return credentials;
    }
}

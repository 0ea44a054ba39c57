package dev.berth.image.registry;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A registry user name and secret. {@link #toString()} never shows the secret. */
public record Credentials(String username, String secret)
{
    public Credentials
    {
        requireNonNull(username, "username is null");
        requireNonNull(secret, "secret is null");
    }

    public String basicHeader()
    {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString()
    {
        return "Credentials[username=" + username + ", secret=***]";
    }
}

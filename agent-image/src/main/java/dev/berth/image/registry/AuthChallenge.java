package dev.berth.image.registry;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A {@code WWW-Authenticate} challenge: its scheme ({@code bearer} or {@code basic}) and parameters. */
public record AuthChallenge(String scheme, Map<String, String> parameters)
{
    public AuthChallenge
    {
        requireNonNull(scheme, "scheme is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
    }

    /** Parses {@code Bearer realm="https://auth",service="registry",scope="repository:x:pull"}; empty when unparseable. */
    public static Optional<AuthChallenge> parse(String header)
    {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (space >= 0) {
            String rest = trimmed.substring(space + 1);
            int i = 0;
            while (i < rest.length()) {
                while (i < rest.length() && (rest.charAt(i) == ',' || rest.charAt(i) == ' ')) {
                    i++;
                }
                int equals = rest.indexOf('=', i);
                if (equals < 0) {
                    break;
                }
                String key = rest.substring(i, equals).trim().toLowerCase(Locale.ROOT);
                i = equals + 1;
                StringBuilder value = new StringBuilder();
                if (i < rest.length() && rest.charAt(i) == '"') {
                    i++;
                    while (i < rest.length() && rest.charAt(i) != '"') {
                        if (rest.charAt(i) == '\\' && i + 1 < rest.length()) {
                            i++;
                        }
                        value.append(rest.charAt(i++));
                    }
                    i++;
                }
                else {
                    while (i < rest.length() && rest.charAt(i) != ',') {
                        value.append(rest.charAt(i++));
                    }
                }
                parameters.put(key, value.toString().trim());
            }
        }
        return Optional.of(new AuthChallenge(scheme, parameters));
    }

    public Optional<String> parameter(String name)
    {
        return Optional.ofNullable(parameters.get(name));
    }
}

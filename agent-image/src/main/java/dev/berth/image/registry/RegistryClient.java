package dev.berth.image.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.ImageStoreConfig;
import dev.berth.image.oci.MediaTypes;
import dev.berth.image.reference.ImageReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of the OCI distribution API: manifests and blobs, over HTTPS unless the registry is configured insecure
 * (or is on loopback), with Bearer tokens from the {@code WWW-Authenticate} challenge or Basic auth, credentials from
 * {@link CredentialStore}. Redirects are followed by hand so that the Authorization header never goes to another host.
 * Every request has a timeout; blob bodies also give up when they stall.
 */
public final class RegistryClient
{
    private static final Logger log = LogManager.getLogger(RegistryClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_REDIRECTS = 5;

    private final java.util.function.Supplier<HttpClient> httpSupplier;
    private volatile HttpClient http;
    private final ImageStoreConfig config;
    private final CredentialStore credentials;
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    /** @param http made on first use: creating one loads the TLS trust store, which a node that never pulls skips */
    public RegistryClient(java.util.function.Supplier<HttpClient> http, ImageStoreConfig config, CredentialStore credentials)
    {
        this.httpSupplier = requireNonNull(http, "http is null");
        this.config = requireNonNull(config, "config is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
    }

    private HttpClient http()
    {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = httpSupplier.get();
                }
                client = http;
            }
        }
        return client;
    }

    public static HttpClient newHttpClient(ImageStoreConfig config)
    {
        return HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** GETs a manifest or index by tag or digest, reading at most {@code maxSize} bytes. */
    public ManifestResponse manifest(ImageReference reference, String tagOrDigest, long maxSize)
    {
        URI uri = base(reference).resolve("manifests/" + tagOrDigest);
        HttpResponse<InputStream> response = send(reference, uri, Map.of("Accept", MediaTypes.ACCEPT));
        try (InputStream body = response.body()) {
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxSize) {
                throw new RegistryException("manifest of " + declared + " bytes is over the limit of " + maxSize + " (image.max-manifest-size)", response.statusCode(), false, null);
            }
            byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize + 1));
            if (content.length > maxSize) {
                throw new RegistryException("manifest is over the limit of " + maxSize + " bytes (image.max-manifest-size)", response.statusCode(), false, null);
            }
            return new ManifestResponse(content, response.headers().firstValue("Content-Type"), response.headers().firstValue("Docker-Content-Digest"));
        }
        catch (IOException e) {
            throw new RegistryException("reading manifest " + uri + ": " + e.getMessage(), 0, true, e);
        }
    }

    /** GETs a blob from {@code offset} on (a Range request when not 0). The caller closes the body. */
    public BlobResponse blob(ImageReference reference, String digest, long offset)
    {
        URI uri = base(reference).resolve("blobs/" + digest);
        Map<String, String> headers = offset > 0 ? Map.of("Range", "bytes=" + offset + "-") : Map.of();
        HttpResponse<InputStream> response = send(reference, uri, headers);
        return new BlobResponse(response.body(), response.statusCode() == 206);
    }

    public URI base(ImageReference reference)
    {
        String host = reference.endpointHost();
        return URI.create(scheme(reference.registry()) + "://" + host + "/v2/" + reference.repository() + "/");
    }

    String scheme(String registry)
    {
        if (config.insecureRegistries().contains(registry)) {
            return "http";
        }
        if (config.insecureLoopback() && isLoopback(registry)) {
            return "http";
        }
        return "https";
    }

    private static boolean isLoopback(String registry)
    {
        String host = registry;
        if (host.startsWith("[")) {
            host = host.substring(1, host.indexOf(']'));
        }
        else if (host.contains(":")) {
            host = host.substring(0, host.lastIndexOf(':'));
        }
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            return false;
        }
    }

    private HttpResponse<InputStream> send(ImageReference reference, URI uri, Map<String, String> headers)
    {
        String authKey = reference.registry() + "/" + reference.repository();
        HttpResponse<InputStream> response = follow(uri, headers, Optional.ofNullable(authorizations.get(authKey)));
        if (response.statusCode() == 401) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            drain(response);
            String authorization = authorize(reference, AuthChallenge.parse(challenge).orElseThrow(() ->
                    new RegistryException("registry " + reference.registry() + " answered 401 without a usable WWW-Authenticate challenge", 401, false, null)));
            authorizations.put(authKey, authorization);
            response = follow(uri, headers, Optional.of(authorization));
            if (response.statusCode() == 401) {
                drain(response);
                throw new RegistryException("registry " + reference.registry() + " refused the credentials for " + reference.repository() + " (401)", 401, false, null);
            }
        }
        int status = response.statusCode();
        if (status == 200 || status == 206) {
            return response;
        }
        String body = errorBody(response);
        boolean retryable = status == 429 || status >= 500;
        throw new RegistryException("GET " + uri + " answered " + status + (body.isEmpty() ? "" : ": " + body), status, retryable, null);
    }

    private HttpResponse<InputStream> follow(URI uri, Map<String, String> headers, Optional<String> authorization)
    {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current).timeout(config.requestTimeout()).GET();
            headers.forEach(request::header);
            if (authorization.isPresent() && current.getAuthority().equals(uri.getAuthority())) {
                request.header("Authorization", authorization.get());
            }
            HttpResponse<InputStream> response;
            try {
                response = http().send(request.build(), StallGuardedBody.handler(config.stallTimeout()));
            }
            catch (IOException e) {
                throw new RegistryException("GET " + current + ": " + e, 0, true, e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("interrupted during GET " + current, 0, false, e);
            }
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = response.headers().firstValue("Location").orElseThrow(() ->
                        new RegistryException("GET " + uri + " redirected without a Location", status, false, null));
                drain(response);
                URI next = current.resolve(location);
                if (current.getScheme().equals("https") && !next.getScheme().equals("https")) {
                    throw new RegistryException("GET " + uri + " redirected from HTTPS to " + next.getScheme(), status, false, null);
                }
                current = next;
                continue;
            }
            return response;
        }
        throw new RegistryException("GET " + uri + ": more than " + MAX_REDIRECTS + " redirects", 0, false, null);
    }

    private String authorize(ImageReference reference, AuthChallenge challenge)
    {
        Optional<Credentials> found = credentials.lookup(reference.registry());
        if (challenge.scheme().equals("basic")) {
            return found.map(Credentials::basicHeader).orElseThrow(() -> new RegistryException("registry " + reference.registry()
                    + " needs credentials and the auth file has none for it", 401, false, null));
        }
        if (!challenge.scheme().equals("bearer")) {
            throw new RegistryException("registry " + reference.registry() + " asks for unsupported auth scheme '" + challenge.scheme() + "'", 401, false, null);
        }
        String realm = challenge.parameter("realm").orElseThrow(() ->
                new RegistryException("registry " + reference.registry() + " sent a Bearer challenge without a realm", 401, false, null));
        StringBuilder query = new StringBuilder();
        challenge.parameter("service").ifPresent(service -> query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8)));
        String scope = challenge.parameter("scope").orElse("repository:" + reference.repository() + ":pull");
        query.append(query.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(config.requestTimeout()).GET();
        found.ifPresent(credential -> request.header("Authorization", credential.basicHeader()));
        try {
            HttpResponse<byte[]> response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new RegistryException("token service " + tokenUri.getHost() + " answered " + response.statusCode()
                        + (found.isPresent() ? " for user " + found.get().username() : " (no credentials in the auth file)"), response.statusCode(), response.statusCode() >= 500, null);
            }
            JsonNode body = MAPPER.readTree(response.body());
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new RegistryException("token service " + tokenUri.getHost() + " returned no token", 200, false, null);
            }
            log.debug("obtained a bearer token for {} from {}", reference.name(), tokenUri.getHost());
            return "Bearer " + token;
        }
        catch (IOException e) {
            throw new RegistryException("token service " + tokenUri.getHost() + ": " + e, 0, true, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted fetching a token", 0, false, e);
        }
    }

    private static void drain(HttpResponse<InputStream> response)
    {
        try (InputStream body = response.body()) {
            body.readNBytes(64 * 1024);
        }
        catch (IOException ignored) {
            // the connection is discarded; nothing to report
        }
    }

    private static String errorBody(HttpResponse<InputStream> response)
    {
        try (InputStream body = response.body()) {
            String text = new String(body.readNBytes(2048), StandardCharsets.UTF_8).strip();
            return text.length() > 500 ? text.substring(0, 500) + "…" : text;
        }
        catch (IOException e) {
            return "";
        }
    }
}

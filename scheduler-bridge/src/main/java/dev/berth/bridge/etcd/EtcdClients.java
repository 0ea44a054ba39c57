package dev.berth.bridge.etcd;

import dev.berth.bridge.BridgeConfig;
import dev.berth.core.error.Configuration;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;

import java.io.File;
import java.net.URI;
import java.util.List;

import javax.net.ssl.SSLException;

/** Builds the jetcd client from {@code bridge.etcd.*}: endpoints, TLS (CA, client certificate) and user/password auth. */
final class EtcdClients
{
    private EtcdClients() {}

    static Client create(BridgeConfig config)
    {
        List<URI> endpoints = config.endpoints().stream().map(EtcdClients::uri).toList();
        boolean https = endpoints.stream().anyMatch(uri -> "https".equals(uri.getScheme()));
        if (https && config.tlsCa().isEmpty()) {
            throw new Configuration(BridgeConfig.TLS_CA.name() + ": https endpoints need the CA that signed etcd's certificate");
        }
        ClientBuilder builder = Client.builder()
                .endpoints(endpoints)
                .connectTimeout(config.connectTimeout())
                .keepaliveTime(config.leaseTtl().dividedBy(2))
                .keepaliveTimeout(config.requestTimeout())
                .keepaliveWithoutCalls(true)
                // jetcd retries a call the server did not answer (UNAVAILABLE) on its own, and cancelling our future does
                // not stop those retries: with the same window as our wait, a put we had already reported failed (a
                // drain) could land once etcd was reachable again. Retrying for half the wait, jetcd gives up first.
                .retryMaxDuration(config.requestTimeout().dividedBy(2))
                .retryDelay(100)
                .retryMaxDelay(1000);
        if (!config.tlsCa().isEmpty()) {
            File ca = readable(BridgeConfig.TLS_CA.name(), config.tlsCa());
            try {
                builder.sslContext(ssl -> {
                    ssl.trustManager(ca);
                    if (!config.tlsCert().isEmpty()) {
                        ssl.keyManager(readable(BridgeConfig.TLS_CERT.name(), config.tlsCert()),
                                readable(BridgeConfig.TLS_KEY.name(), config.tlsKey()));
                    }
                });
            }
            catch (SSLException | IllegalArgumentException e) {
                throw new Configuration("bridge.etcd.tls: cannot build the TLS context: " + e.getMessage(), e);
            }
        }
        if (!config.user().isEmpty()) {
            builder.user(JsonCodec.bytes(config.user())).password(JsonCodec.bytes(config.password()));
        }
        return builder.build();
    }

    private static URI uri(String endpoint)
    {
        try {
            URI uri = URI.create(endpoint.trim());
            if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("needs scheme://host:port");
            }
            return uri;
        }
        catch (IllegalArgumentException e) {
            throw new Configuration(BridgeConfig.ENDPOINTS.name() + ": \"" + endpoint + "\" is not an endpoint URL (" + e.getMessage() + ")", e);
        }
    }

    private static File readable(String key, String path)
    {
        File file = new File(path);
        if (!file.canRead()) {
            throw new Configuration(key + ": cannot read " + path);
        }
        return file;
    }
}

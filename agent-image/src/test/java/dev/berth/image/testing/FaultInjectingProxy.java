package dev.berth.image.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of a {@link TestRegistry} that records every request and can cut a blob download short:
 * it sends the full Content-Length, then only part of the body, then closes the connection, as a registry whose
 * connection drops mid-blob. Pull through {@link #host()} instead of the registry's.
 */
public final class FaultInjectingProxy
        implements AutoCloseable
{
    private final HttpServer server;
    private final String upstream;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Drop> drops = new ConcurrentHashMap<>();
    private volatile Duration blobDelay = Duration.ZERO;
    private volatile String tokenCredentials;
    private final String token = "token-" + java.util.UUID.randomUUID();

    public FaultInjectingProxy(TestRegistry registry)
    {
        this.upstream = "http://" + registry.host();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fault-proxy");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code 127.0.0.1:<port>}: use it as the registry part of references. */
    public String host()
    {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code times} GETs of blob {@code digest} stop after {@code bytes} bytes of body. */
    public void dropBlob(String digest, long bytes, int times)
    {
        drops.put(digest, new Drop(bytes, new AtomicInteger(times), Duration.ZERO));
    }

    /**
     * The next {@code times} GETs of blob {@code digest} send {@code bytes} bytes of body and then nothing for
     * {@code stall} before the connection closes: a registry that hangs mid-blob.
     */
    public void stallBlob(String digest, long bytes, int times, Duration stall)
    {
        drops.put(digest, new Drop(bytes, new AtomicInteger(times), stall));
    }

    /** Holds every blob GET for {@code delay} before answering, so that concurrent pulls surely overlap. */
    public void delayBlobs(Duration delay)
    {
        this.blobDelay = delay;
    }

    /**
     * Makes the proxy act as a registry with a token service: requests without {@code Authorization: Bearer <token>}
     * get a 401 with a Bearer challenge whose realm is the proxy's {@code /token}, which hands out the token for
     * basic credentials {@code username}/{@code password}.
     */
    public void requireBearerToken(String username, String password)
    {
        this.tokenCredentials = "Basic " + java.util.Base64.getEncoder().encodeToString((username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Every request seen: method, path and Range header (empty when none). */
    public List<Request> requests()
    {
        return List.copyOf(requests);
    }

    /** GET requests for blob {@code digest}. */
    public List<Request> blobGets(String digest)
    {
        return requests.stream().filter(request -> request.method.equals("GET") && request.path.endsWith("/blobs/" + digest)).toList();
    }

    private void handle(HttpExchange exchange)
            throws IOException
    {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String range = exchange.getRequestHeaders().getFirst("Range");
            requests.add(new Request(exchange.getRequestMethod(), path, range == null ? "" : range));
            if (tokenCredentials != null && path.equals("/token")) {
                boolean valid = tokenCredentials.equals(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] answer = (valid ? "{\"token\":\"" + token + "\"}" : "{}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(valid ? 200 : 401, answer.length);
                exchange.getResponseBody().write(answer);
                return;
            }
            if (tokenCredentials != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                String repository = path.replaceFirst("^/v2/", "").replaceFirst("/(manifests|blobs)/.*$", "");
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host() + "/token\",service=\"berth-test\",scope=\"repository:"
                        + repository + ":pull\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (path.contains("/blobs/") && !blobDelay.isZero()) {
                try {
                    Thread.sleep(blobDelay.toMillis());
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
            for (String header : tokenCredentials != null ? List.of("Range", "Accept", "Content-Type") : List.of("Range", "Authorization", "Accept", "Content-Type")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            response.headers().map().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding") && !name.equalsIgnoreCase("connection") && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            byte[] body = response.body();
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.statusCode(), head || body.length == 0 ? -1 : body.length);
            if (head || body.length == 0) {
                return;
            }
            Drop drop = drops.get(path.substring(path.lastIndexOf('/') + 1));
            OutputStream out = exchange.getResponseBody();
            if (exchange.getRequestMethod().equals("GET") && path.contains("/blobs/") && drop != null && drop.remaining.getAndDecrement() > 0) {
                out.write(body, 0, (int) Math.min(drop.bytes, body.length));
                out.flush();
                if (!drop.stall.isZero()) {
                    try {
                        Thread.sleep(drop.stall.toMillis());
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                // closing the exchange with bytes still owed makes the server drop the connection
                return;
            }
            out.write(body);
        }
    }

    @Override
    public void close()
    {
        server.stop(0);
    }

    public record Request(String method, String path, String range) {}

    private record Drop(long bytes, AtomicInteger remaining, Duration stall) {}
}

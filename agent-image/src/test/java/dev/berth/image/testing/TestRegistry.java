package dev.berth.image.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.testing.Requirements;
import dev.berth.image.reference.Digests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code /usr/bin/docker-registry} on a free loopback port with its storage in a temporary directory,
 * optionally behind htpasswd basic auth, plus a push client. Close it to stop the registry and delete its storage.
 * Skips the test on a laptop without the binary, fails it in CI ({@link Requirements}).
 *
 * <pre>{@code
 * try (TestRegistry registry = TestRegistry.start()) {
 *     String reference = registry.push(TestImages.busybox().build(), "busybox:latest");
 *     // reference is "127.0.0.1:<port>/busybox:latest"; plain HTTP on loopback is berth's default
 * }
 * }</pre>
 */
public final class TestRegistry
        implements AutoCloseable
{
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Path directory;
    private final Process process;
    private final int port;
    private final Optional<String> authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestRegistry(Path directory, Process process, int port, Optional<String> authorization)
    {
        this.directory = directory;
        this.process = process;
        this.port = port;
        this.authorization = authorization;
    }

    /** A registry without auth. */
    public static TestRegistry start()
    {
        return start(Optional.empty(), Optional.empty());
    }

    /** A registry that requires basic auth as {@code username}/{@code password} (an htpasswd file, bcrypt). */
    public static TestRegistry startWithAuth(String username, String password)
    {
        return start(Optional.of(username), Optional.of(password));
    }

    private static TestRegistry start(Optional<String> username, Optional<String> password)
    {
        Requirements.require(Files.isExecutable(BINARY), "the executable " + BINARY + " (apt-get install docker-registry)");
        try {
            Path directory = Files.createTempDirectory("berth-registry-");
            int port = freePort();
            StringBuilder config = new StringBuilder()
                    .append("version: 0.1\n")
                    .append("log:\n  level: error\n  accesslog:\n    disabled: true\n")
                    .append("storage:\n  filesystem:\n    rootdirectory: ").append(directory.resolve("storage")).append("\n")
                    .append("  delete:\n    enabled: true\n")
                    .append("http:\n  addr: 127.0.0.1:").append(port).append("\n");
            Optional<String> authorization = Optional.empty();
            if (username.isPresent()) {
                Requirements.require(Files.isExecutable(Path.of("/usr/bin/htpasswd")), "the executable /usr/bin/htpasswd (apache2-utils)");
                Process htpasswd = new ProcessBuilder("/usr/bin/htpasswd", "-Bbn", username.get(), password.get()).start();
                String line = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!htpasswd.waitFor(30, TimeUnit.SECONDS) || htpasswd.exitValue() != 0) {
                    throw new IllegalStateException("htpasswd failed");
                }
                Files.writeString(directory.resolve("htpasswd"), line + "\n");
                config.append("auth:\n  htpasswd:\n    realm: berth-test\n    path: ").append(directory.resolve("htpasswd")).append("\n");
                authorization = Optional.of("Basic " + Base64.getEncoder().encodeToString((username.get() + ":" + password.get()).getBytes(StandardCharsets.UTF_8)));
            }
            Path configFile = directory.resolve("config.yml");
            Files.writeString(configFile, config);
            Process process = new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("registry.log").toFile())
                    .start();
            TestRegistry registry = new TestRegistry(directory, process, port, authorization);
            registry.awaitReady();
            return registry;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady()
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + log());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200 || response.statusCode() == 401) {
                    return;
                }
            }
            catch (IOException e) {
                // not listening yet
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(50);
        }
        close();
        throw new IllegalStateException("docker-registry did not become ready in 20s: " + log());
    }

    /** {@code 127.0.0.1:<port>}: the registry part of references to it. */
    public String host()
    {
        return "127.0.0.1:" + port;
    }

    public int port()
    {
        return port;
    }

    /** Pushes an image or index under {@code nameAndTag} ({@code busybox:latest}); returns the full reference. */
    public String push(BuiltImage image, String nameAndTag)
    {
        int colon = nameAndTag.lastIndexOf(':');
        String name = colon > 0 ? nameAndTag.substring(0, colon) : nameAndTag;
        String tag = colon > 0 ? nameAndTag.substring(colon + 1) : "latest";
        for (Map.Entry<String, byte[]> blob : image.blobs().entrySet()) {
            if (isManifest(blob.getValue())) {
                continue;
            }
            pushBlob(name, blob.getKey(), blob.getValue());
        }
        for (Map.Entry<String, byte[]> blob : image.blobs().entrySet()) {
            if (isManifest(blob.getValue())) {
                pushManifest(name, blob.getKey(), blob.getValue(), mediaType(blob.getValue()));
            }
        }
        pushManifest(name, tag, image.manifest(), image.mediaType());
        return host() + "/" + name + ":" + tag;
    }

    /** Pushes the image {@code refName} of an OCI layout directory (e.g. one umoci or skopeo made). */
    public String pushLayout(Path layout, String nameAndTag)
    {
        try {
            JsonNode index = TestImage.MAPPER.readTree(layout.resolve("index.json").toFile());
            JsonNode top = index.path("manifests").get(0);
            Map<String, byte[]> blobs = new java.util.LinkedHashMap<>();
            try (Stream<Path> files = Files.walk(layout.resolve("blobs"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    blobs.put(file.getParent().getFileName() + ":" + file.getFileName(), Files.readAllBytes(file));
                }
            }
            String digest = top.path("digest").asText();
            byte[] manifest = blobs.remove(digest);
            return push(new BuiltImage(digest, top.path("mediaType").asText(), manifest, blobs, java.util.List.of(), java.util.List.of()), nameAndTag);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Flips a byte of a stored blob so that the registry serves content that no longer matches its digest (same size).
     */
    public void corruptBlob(String digest)
    {
        String hex = Digests.hex(digest);
        Path data = directory.resolve("storage/docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
        try {
            byte[] content = Files.readAllBytes(data);
            content[content.length / 2] ^= 0x5a;
            Files.write(data, content);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot corrupt " + data, e);
        }
    }

    /** The registry's own log, for failure messages. */
    public String log()
    {
        try {
            return Files.readString(directory.resolve("registry.log"));
        }
        catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void pushBlob(String name, String digest, byte[] content)
    {
        URI base = URI.create("http://" + host() + "/v2/" + name + "/");
        HttpResponse<String> exists = send(request(base.resolve("blobs/" + digest)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (exists.statusCode() == 200) {
            return;
        }
        HttpResponse<String> started = send(request(base.resolve("blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()));
        expect(started, 202, "start upload of " + digest);
        String location = started.headers().firstValue("Location").orElseThrow();
        URI upload = base.resolve(location);
        URI put = URI.create(upload + (upload.getQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<String> done = send(request(put).header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        expect(done, 201, "upload of " + digest);
    }

    private void pushManifest(String name, String reference, byte[] content, String mediaType)
    {
        URI uri = URI.create("http://" + host() + "/v2/" + name + "/manifests/" + reference);
        HttpResponse<String> response = send(request(uri).header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        expect(response, 201, "manifest " + reference);
    }

    private HttpRequest.Builder request(URI uri)
    {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request)
    {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what)
    {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": registry answered " + response.statusCode() + " " + response.body());
        }
    }

    private static boolean isManifest(byte[] content)
    {
        return mediaType(content) != null;
    }

    private static String mediaType(byte[] content)
    {
        if (content.length == 0 || content[0] != '{') {
            return null;
        }
        try {
            JsonNode node = TestImage.MAPPER.readTree(content);
            String mediaType = node.path("mediaType").asText("");
            return mediaType.contains("manifest") || mediaType.contains("index") ? mediaType : null;
        }
        catch (IOException e) {
            return null;
        }
    }

    private static int freePort()
            throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            Iterator<Path> reversed = files.sorted(java.util.Comparator.reverseOrder()).iterator();
            while (reversed.hasNext()) {
                Files.deleteIfExists(reversed.next());
            }
        }
        catch (IOException e) {
            // best effort: a temp directory
        }
    }
}

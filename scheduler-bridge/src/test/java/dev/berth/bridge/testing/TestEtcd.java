package dev.berth.bridge.testing;

import dev.berth.core.testing.Requirements;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd ({@code /usr/bin/etcd}, Debian's etcd-server) for tests: one member on free loopback ports with a temp
 * data dir, plain or TLS with client-certificate auth. It can be stopped and started again on the same ports and
 * data, to test what happens while etcd is away. Skips (laptop) or fails (CI) when etcd is not installed.
 *
 * <pre>
 * try (TestEtcd etcd = TestEtcd.start()) {
 *     config.with("bridge.etcd.endpoints", etcd.endpoint());
 * }
 * </pre>
 */
public final class TestEtcd
        implements AutoCloseable
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Path binary;
    private final Path directory;
    private final int clientPort;
    private final int peerPort;
    private final Optional<TestCertificates> tls;
    private Process process;

    private TestEtcd(Path binary, Path directory, int clientPort, int peerPort, Optional<TestCertificates> tls)
    {
        this.binary = binary;
        this.directory = directory;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.tls = tls;
    }

    /** A plain-text etcd. */
    public static TestEtcd start()
    {
        return start(Optional.empty());
    }

    /** An etcd serving TLS with {@code certificates}' server certificate and requiring client certificates. */
    public static TestEtcd startTls(TestCertificates certificates)
    {
        return start(Optional.of(certificates));
    }

    private static TestEtcd start(Optional<TestCertificates> tls)
    {
        Path binary = Requirements.requireExecutable("etcd");
        try {
            // On tmpfs when there is one: etcd fsyncs every write, and tests measure the bridge, not the disk.
            Path shm = Path.of("/dev/shm");
            Path directory = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "berth-etcd-")
                    : Files.createTempDirectory("berth-etcd-");
            TestEtcd etcd = new TestEtcd(binary, directory, freePort(), freePort(), tls);
            // A test JVM killed by a timeout never reaches close(): leave no etcd or tmpfs data behind.
            Runtime.getRuntime().addShutdownHook(new Thread(etcd::close, "test-etcd-cleanup"));
            etcd.resume();
            return etcd;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client URL, {@code http://127.0.0.1:PORT} (or https). */
    public String endpoint()
    {
        return (tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + clientPort;
    }

    public int clientPort()
    {
        return clientPort;
    }

    public Optional<TestCertificates> certificates()
    {
        return tls;
    }

    /** Stops etcd (SIGTERM, then SIGKILL), keeping its data. */
    public synchronized void stop()
    {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts etcd again on the same ports and data, and waits until it serves. */
    public synchronized void resume()
    {
        if (process != null) {
            return;
        }
        String scheme = tls.isPresent() ? "https" : "http";
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--name", "berth-test",
                "--data-dir", directory.resolve("data").toString(),
                "--listen-client-urls", scheme + "://127.0.0.1:" + clientPort,
                "--advertise-client-urls", scheme + "://127.0.0.1:" + clientPort,
                "--listen-peer-urls", "http://127.0.0.1:" + peerPort,
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPort,
                "--initial-cluster", "berth-test=http://127.0.0.1:" + peerPort,
                "--heartbeat-interval", "50",
                "--election-timeout", "500"));
        tls.ifPresent(certificates -> command.addAll(List.of(
                "--cert-file", certificates.serverCert().toString(),
                "--key-file", certificates.serverKey().toString(),
                "--trusted-ca-file", certificates.ca().toString(),
                "--client-cert-auth")));
        Path log = directory.resolve("etcd.log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            long offset = Files.exists(log) ? Files.size(log) : 0;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("etcd exited with " + process.exitValue() + ":\n" + Files.readString(log));
                }
                String output = Files.readString(log);
                if (output.length() > 0 && output.indexOf("ready to serve client requests", (int) Math.min(offset, output.length())) >= 0) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("etcd did not become ready in " + READY_TIMEOUT + ":\n" + Files.readString(log));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Turns on etcd auth with etcdctl: a root user, and {@code user} with read-write on keys under {@code prefix}
     * only. Plain-text etcd only.
     */
    public void enableAuth(String user, String password, String prefix)
    {
        if (tls.isPresent()) {
            throw new IllegalStateException("enableAuth drives etcdctl over plain text");
        }
        Path etcdctl = Requirements.requireExecutable("etcdctl");
        String rootPassword = "root-" + Long.toHexString(System.nanoTime());
        etcdctl(etcdctl, "user", "add", "root", "--new-user-password=" + rootPassword);
        etcdctl(etcdctl, "user", "grant-role", "root", "root");
        etcdctl(etcdctl, "user", "add", user, "--new-user-password=" + password);
        etcdctl(etcdctl, "role", "add", user);
        etcdctl(etcdctl, "role", "grant-permission", user, "--prefix=true", "readwrite", prefix + "/");
        etcdctl(etcdctl, "user", "grant-role", user, user);
        etcdctl(etcdctl, "auth", "enable");
    }

    /** Writes a key as an operator (or another version of berth) might, past every check of the bridge. */
    public void put(String key, String value)
    {
        etcdctl(Requirements.requireExecutable("etcdctl"), "put", key, value);
    }

    private void etcdctl(Path etcdctl, String... arguments)
    {
        List<String> command = new ArrayList<>(List.of(etcdctl.toString(), "--endpoints", endpoint(), "--command-timeout", "10s"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("etcdctl " + String.join(" ", arguments) + " failed: " + output);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close()
    {
        stop();
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

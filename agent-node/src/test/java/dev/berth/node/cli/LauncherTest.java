package dev.berth.node.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.AgentError;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher script, src/dist/bin/berth, run from a distribution laid out under a path with a space, against a
 * fake agent: the AppCDS archive it makes and uses, which JVM it belongs to, and signals while it is being made.
 */
class LauncherTest
{
    private static final Path SCRIPT = Path.of("src/dist/bin/berth");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path root;

    private Path berth;
    private Path archive;
    private FakeAgent agent;

    @BeforeEach
    void distribution()
            throws IOException, URISyntaxException
    {
        Path home = root.resolve("berth home");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path lib = Files.createDirectories(home.resolve("lib"));
        berth = Files.copy(SCRIPT, bin.resolve("berth"));
        Files.setPosixFilePermissions(berth, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar(codeSource(BerthCommand.class), lib.resolve("berth-node.jar"));
        // the client's share of agent-core (errors, platform strings, terminal escaping), as the build ships it
        Path core = codeSource(AgentError.class);
        if (Files.isDirectory(core)) {
            jar(core, lib.resolve("agent-core-0.1.0-SNAPSHOT.jar"));
        }
        else {
            Files.copy(core, lib.resolve(core.getFileName()));
        }
        for (Class<?> type : List.of(Options.class, JsonFactory.class, ObjectMapper.class, JsonProperty.class)) {
            Path jar = codeSource(type);
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        archive = lib.resolve("berth-cli.jsa");
        agent = new FakeAgent(Files.createTempDirectory("berth-agent").resolve("agent.sock"));
    }

    @AfterEach
    void stopAgent()
            throws IOException
    {
        agent.close();
    }

    @Test
    void clientCommandsRunFromAPathWithASpace()
            throws Exception
    {
        Run version = run(Map.of(), "--version");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("berth ");

        // The first command that talks to the agent makes the archive, the next one maps it.
        Run first = run(Map.of(), "ps", "--socket", agent.socket().toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("ID ");
        assertThat(archive).exists();

        Run second = run(Map.of("BERTH_JAVA_OPTS", "-Xlog:class+load=info"), "ps", "--socket", agent.socket().toString());
        assertThat(second.exit()).as(second.err()).isZero();
        // The top layer is the archive berth made. (JDK 17 maps it but takes no class-path classes from it when the
        // class path holds a space; from a path without one, PsCommand comes from it too.)
        assertThat(second.out()).contains(" source: shared objects file (top)");
    }

    @Test
    void anArchiveMadeByAnotherJvmIsMadeAgain()
            throws Exception
    {
        assertThat(run(Map.of(), "ps", "--socket", agent.socket().toString()).exit()).isZero();
        // Every jar older than the archive, and the archive older than anything the next commands could write.
        Instant made = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        try (Stream<Path> jars = Files.list(archive.getParent())) {
            for (Path jar : jars.filter(file -> file.toString().endsWith(".jar")).toList()) {
                Files.setLastModifiedTime(jar, FileTime.from(made.minus(1, ChronoUnit.DAYS)));
            }
        }
        Files.setLastModifiedTime(archive, FileTime.from(made));

        assertThat(run(Map.of(), "ps", "--socket", agent.socket().toString()).exit()).isZero();
        assertThat(Files.getLastModifiedTime(archive).toInstant()).as("the same JVM keeps its archive").isEqualTo(made);

        // Another java binary: a JDK upgraded in place, or JAVA pointed elsewhere.
        Path otherJava = Files.createDirectories(root.resolve("other jdk/bin")).resolve("java");
        Files.writeString(otherJava, "#!/bin/sh\nexec '" + JAVA + "' \"$@\"\n");
        Files.setPosixFilePermissions(otherJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run other = run(Map.of("JAVA", otherJava.toString()), "ps", "--socket", agent.socket().toString());
        assertThat(other.exit()).as(other.err()).isZero();
        assertThat(archive).exists();
        assertThat(Files.getLastModifiedTime(archive).toInstant()).as("made again by the other JVM").isAfter(made);
    }

    @Test
    void stoppingBerthWhileItMakesTheArchiveStopsJava()
            throws Exception
    {
        agent.hang();
        Process process = start(Map.of(), "ps", "--socket", agent.socket().toString());
        List<ProcessHandle> java = List.of();
        try {
            assertThat(agent.requests().poll(60, TimeUnit.SECONDS)).as("the request of berth ps").isNotNull();
            java = process.descendants().toList();
            assertThat(java).as("java under the script").isNotEmpty();

            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle child : java) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
            assertThat(process.exitValue()).isEqualTo(128 + 15);
            assertThat(archive).doesNotExist();
        }
        finally {
            process.destroyForcibly();
            java.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void standardInputReachesTheCommandThatMakesTheArchive()
            throws Exception
    {
        Run deploy = runWithInput(Map.of(), "{\"services\":{}}\n", "deploy", "-f", "-", "--socket", agent.socket().toString());
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        assertThat(archive).exists();
        assertThat(agent.requests().poll()).startsWith("POST /v1/deploy ").endsWith("\r\n\r\n{\"services\":{}}\n");
    }

    @Test
    void anAgentRefusedAtStartLeavesNoArchive()
            throws Exception
    {
        // This distribution holds only the client's jars: the agent cannot even boot, as an agent refused its data
        // dir cannot. Its archive would hold the start-up classes only and be taken as fresh until a jar changes.
        Run agentRun = run(Map.of(), "agent", "--data-dir", root.resolve("data").toString());
        assertThat(agentRun.exit()).isNotZero();
        try (Stream<Path> files = Files.list(archive.getParent())) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("berth-agent")))
                    .as("no archive, finished or not, from a run that never served").isEmpty();
        }
    }

    @Test
    void theNewestJdkUnderTheJvmDirectoryRunsBerth()
            throws Exception
    {
        Path jvms = Files.createDirectories(root.resolve("jvm"));
        Path record = root.resolve("chosen.txt");
        fakeJdk(jvms.resolve("java-17-openjdk-amd64"), "17.0.15", record);
        fakeJdk(jvms.resolve("temurin-25-jdk-amd64"), "25.0.3", record);
        fakeJdk(jvms.resolve("java-1.8.0-openjdk-amd64"), "1.8.0_402", record);

        Run version = run(Map.of("JAVA", "", "BERTH_JVM_DIR", jvms.toString()), "--version");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(Files.readString(record)).isEqualTo("temurin-25-jdk-amd64\n");

        Files.delete(record);
        Run pinned = run(Map.of("JAVA", "", "JAVA_HOME", jvms.resolve("java-17-openjdk-amd64").toString(), "BERTH_JVM_DIR", jvms.toString()), "--version");
        assertThat(pinned.exit()).as(pinned.err()).isZero();
        assertThat(Files.readString(record)).as("JAVA_HOME wins").isEqualTo("java-17-openjdk-amd64\n");
    }

    @Test
    void onJdk25TheClientTrainsAnAotCacheAndKeepsItsOutputClean()
            throws Exception
    {
        Optional<Path> jdk25 = Jdks.atLeast(25);
        if (jdk25.isEmpty()) {
            assertThat(System.getenv("CI")).as("CI machines have Temurin 25 under /usr/lib/jvm").isNotEqualTo("true");
            Assumptions.abort("no JDK 25 under /usr/lib/jvm");
        }
        Map<String, String> env = Map.of("JAVA", jdk25.get().resolve("bin/java").toString());
        Path cache = archive.resolveSibling("berth-cli.aot");

        Run first = run(env, "ps", "--json", "--socket", agent.socket().toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).as("JDK 25 prints \"AOTConfiguration recorded\" on standard output unless told not to")
                .isEqualTo("[ ]\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(cache) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        assertThat(cache).as("assembled in the background after the command succeeded").exists();
        assertThat(archive).as("no AppCDS archive on JDK 25").doesNotExist();

        Map<String, String> logged = new java.util.HashMap<>(env);
        logged.put("BERTH_JAVA_OPTS", "-Xlog:class+load=info");
        Run second = run(logged, "ps", "--socket", agent.socket().toString());
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("source: shared objects file");
    }

    /** A JDK directory whose java records its directory's name, then runs the test's own java. */
    private static void fakeJdk(Path home, String version, Path record)
            throws IOException
    {
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho " + home.getFileName() + " >> '" + record + "'\nexec '" + JAVA + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
    }

    private Run run(Map<String, String> environment, String... args)
            throws IOException, InterruptedException
    {
        return runWithInput(environment, "", args);
    }

    private Run runWithInput(Map<String, String> environment, String input, String... args)
            throws IOException, InterruptedException
    {
        Path err = Files.createTempFile(root, "stderr", ".txt");
        Process process = start(environment, err, args);
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, Files.readString(err));
    }

    private Process start(Map<String, String> environment, String... args)
            throws IOException
    {
        return start(environment, Files.createTempFile(root, "stderr", ".txt"), args);
    }

    private Process start(Map<String, String> environment, Path err, String... args)
            throws IOException
    {
        List<String> command = new ArrayList<>(List.of(berth.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BERTH_") || name.equals("JAVA_HOME") || name.startsWith("JAVA_TOOL"));
        builder.environment().put("JAVA", JAVA);
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static Path codeSource(Class<?> type)
            throws URISyntaxException
    {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** berth-node.jar from the module's compiled classes. */
    private static void jar(Path classes, Path jar)
            throws IOException
    {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private record Run(int exit, String out, String err) {}

    /** Answers every request with an empty list (or deploy outcome), or, after {@link #hang}, never. */
    private static final class FakeAgent
            implements AutoCloseable
    {
        private final Path socket;
        private final ServerSocketChannel server;
        private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        private final List<SocketChannel> held = new ArrayList<>();
        private volatile boolean hang;

        FakeAgent(Path socket)
                throws IOException
        {
            this.socket = socket;
            this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread thread = new Thread(this::serve, "fake-agent");
            thread.setDaemon(true);
            thread.start();
        }

        Path socket()
        {
            return socket;
        }

        BlockingQueue<String> requests()
        {
            return requests;
        }

        void hang()
        {
            hang = true;
        }

        private void serve()
        {
            while (server.isOpen()) {
                try {
                    SocketChannel channel = server.accept();
                    String request = read(Channels.newInputStream(channel));
                    requests.add(request);
                    if (hang) {
                        synchronized (held) {
                            held.add(channel);
                        }
                        continue;
                    }
                    byte[] body = (request.startsWith("GET /v1/containers ") ? "[]" : "{\"services\":[]}").getBytes(StandardCharsets.UTF_8);
                    OutputStream out = Channels.newOutputStream(channel);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    channel.close();
                }
                catch (IOException e) {
                    // closed
                }
            }
        }

        /** The request head and its Content-Length body. */
        private static String read(InputStream in)
                throws IOException
        {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b == -1) {
                    return bytes.toString(StandardCharsets.ISO_8859_1);
                }
                bytes.write(b);
            }
            String head = bytes.toString(StandardCharsets.ISO_8859_1);
            int length = head.lines()
                    .filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, "Content-Length:".length()))
                    .mapToInt(line -> Integer.parseInt(line.substring("Content-Length:".length()).trim()))
                    .findFirst()
                    .orElse(0);
            return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close()
                throws IOException
        {
            server.close();
            synchronized (held) {
                for (SocketChannel channel : held) {
                    channel.close();
                }
            }
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socket.getParent());
        }
    }
}

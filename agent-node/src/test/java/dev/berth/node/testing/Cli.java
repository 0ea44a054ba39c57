package dev.berth.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs {@code berth} commands against an agent's socket, capturing output and the exit code: in this JVM
 * ({@link #run}), or in a JVM of its own started through a prefix such as {@code runuser -u nobody --}
 * ({@link #runAs}).
 */
public final class Cli
{
    private static final Set<String> GROUPS = Set.of("node", "cluster");
    private static final Set<String> GROUP_COMMANDS = Set.of("drain", "undrain", "nodes", "services");
    // System.out and System.err are the JVM's: one in-JVM command at a time, whichever agent it talks to.
    private static final Object LOCK = new Object();
    private static Method main;

    private final Path socket;

    public Cli(Path socket)
    {
        this.socket = socket;
    }

    public Result run(String... args)
    {
        List<String> full = withSocket(args);
        synchronized (LOCK) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
            ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = (int) main().invoke(null, (Object) full.toArray(String[]::new));
            }
            catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new AssertionError(e.getCause());
            }
            finally {
                System.setOut(out);
                System.setErr(err);
            }
            Result result = new Result(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
            out.println("berth " + String.join(" ", args) + " -> " + exit + (result.err().isBlank() ? "" : " stderr: " + result.err().strip()));
            return result;
        }
    }

    /** The CLI in its own JVM, run through {@code prefix} (e.g. runuser -u nobody --). */
    public Result runAs(List<String> prefix, String... args)
            throws IOException, InterruptedException
    {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", ClassPathSnapshot.get(), "dev.berth.node.Main"));
        command.addAll(withSocket(args));
        // Standard error goes to a file: reading one pipe to its end while the child fills the other (64 KiB)
        // would leave both waiting on each other.
        Path err = Files.createTempFile("berth-cli-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            int exit = process.waitFor();
            return new Result(exit, new String(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }
        finally {
            Files.deleteIfExists(err);
        }
    }

    /** {@code --socket} goes right after the command words, since everything after IMAGE belongs to the container. */
    private List<String> withSocket(String... args)
    {
        List<String> full = new ArrayList<>();
        int commandWords = args.length > 1 && GROUPS.contains(args[0]) && GROUP_COMMANDS.contains(args[1]) ? 2 : 1;
        for (int i = 0; i < args.length; i++) {
            full.add(args[i]);
            if (i == commandWords - 1) {
                full.add("--socket");
                full.add(socket.toString());
            }
        }
        return full;
    }

    /**
     * {@code Main.run} loaded from the class-path snapshot, not the test class path: other builds may rewrite the
     * shared local repository's jars while a test runs, and the CLI loads its classes lazily.
     */
    private static synchronized Method main()
    {
        if (main == null) {
            URL[] urls = Arrays.stream(ClassPathSnapshot.get().split(File.pathSeparator))
                    .map(entry -> {
                        try {
                            return Path.of(entry).toUri().toURL();
                        }
                        catch (MalformedURLException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toArray(URL[]::new);
            try {
                ClassLoader loader = new URLClassLoader("berth-cli", urls, ClassLoader.getPlatformClassLoader());
                main = loader.loadClass("dev.berth.node.Main").getMethod("run", String[].class);
            }
            catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load the berth CLI from the class-path snapshot", e);
            }
        }
        return main;
    }

    public record Result(int exit, String out, String err)
    {
        private static final ObjectMapper JSON = new ObjectMapper();

        public JsonNode json()
        {
            try {
                return JSON.readTree(out);
            }
            catch (IOException e) {
                throw new AssertionError("not JSON: " + out + " / " + err, e);
            }
        }

        public List<JsonNode> jsonLines()
        {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        lines.add(JSON.readTree(line));
                    }
                    catch (IOException e) {
                        throw new AssertionError("not a JSON line: " + line, e);
                    }
                }
            }
            return lines;
        }
    }
}

package dev.berth.systemtests.testing;

import dev.berth.node.client.AgentClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code berth agent} process on the test class path with its own data dir and socket, on runc (or on the
 * binary a test passes with {@code --set runtime.youki.binary=...}; later --set values win).
 */
public final class Agent
        implements AutoCloseable
{
    private final Process process;
    private final Path dataDir;
    private final Path socket;
    private final Path log;

    private Agent(Process process, Path dataDir, Path socket, Path log)
    {
        this.process = process;
        this.dataDir = dataDir;
        this.socket = socket;
        this.log = log;
    }

    public static Agent start(Path dataDir, Path socket, String... extra)
            throws IOException
    {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", ClassPathSnapshot.get(),
                "dev.berth.node.Main", "agent",
                "--data-dir", dataDir.toString(),
                "--socket", socket.toString(),
                "--set", "runtime.youki.binary=/usr/sbin/runc",
                "--set", "runtime.youki.flavor=runc",
                "--set", "runtime.youki.cgroup-parent=/berth-systest"));
        command.addAll(List.of(extra));
        Files.createDirectories(socket.getParent());
        Path log = socket.resolveSibling(dataDir.getFileName() + "-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // an aborted test run must not leave its agent behind
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new Agent(process, dataDir, socket, log);
    }

    public static Agent startReady(Path dataDir, Path socket, String... extra)
            throws IOException
    {
        Agent agent = start(dataDir, socket, extra);
        agent.awaitReady(Duration.ofSeconds(90));
        return agent;
    }

    public void awaitReady(Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        AgentClient client = new AgentClient(socket);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("agent exited with " + process.exitValue() + " before it was ready:\n" + log());
            }
            try {
                client.get("/v1/ping");
                return;
            }
            catch (RuntimeException e) {
                sleep(100);
            }
        }
        throw new AssertionError("agent not ready within " + timeout + ":\n" + log());
    }

    /** SIGTERM, the graceful stop; returns the exit code. */
    public int terminate()
            throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("agent still running 60s after SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    public boolean alive()
    {
        return process.isAlive();
    }

    public long pid()
    {
        return process.pid();
    }

    public Path dataDir()
    {
        return dataDir;
    }

    public Path socket()
    {
        return socket;
    }

    public Path logFile()
    {
        return log;
    }

    public AgentClient client()
    {
        return new AgentClient(socket);
    }

    public Cli cli()
    {
        return new Cli(socket);
    }

    public ProcessFigures figures()
    {
        return ProcessFigures.of(process.pid());
    }

    public String log()
    {
        try {
            return Files.readString(log);
        }
        catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close()
    {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.berth.node.testing;

import dev.berth.node.client.AgentClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code berth agent} process on the test class path with its own data dir and socket, on runc under the
 * cgroup parent {@value #CGROUP_PARENT}. Arguments a test passes come after these, and a later {@code --set} wins: a
 * test can name another runtime binary or cgroup parent. The agent's output goes to a log file next to the socket
 * (not the data dir, which a test may put on a disk it fills).
 */
public final class AgentProcess
        implements AutoCloseable
{
    public static final String CGROUP_PARENT = "/berth-test";

    private final Process process;
    private final Path dataDir;
    private final Path socket;
    private final Path log;

    private AgentProcess(Process process, Path dataDir, Path socket, Path log)
    {
        this.process = process;
        this.dataDir = dataDir;
        this.socket = socket;
        this.log = log;
    }

    /** Starts the agent; does not wait for it. */
    public static AgentProcess start(Path dataDir, Path socket, String... extra)
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
                "--set", "runtime.youki.cgroup-parent=" + CGROUP_PARENT));
        command.addAll(List.of(extra));
        Files.createDirectories(dataDir.toAbsolutePath().getParent());
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Path log = socket.resolveSibling(dataDir.getFileName() + "-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // an aborted test run must not leave its agent behind
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new AgentProcess(process, dataDir, socket, log);
    }

    public static AgentProcess startReady(Path dataDir, Path socket, String... extra)
            throws IOException
    {
        AgentProcess agent = start(dataDir, socket, extra);
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

    /** Waits for the process to exit (it should, e.g. after a refused boot) and returns its exit code. */
    public int awaitExit(Duration timeout)
            throws InterruptedException
    {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("agent still running after " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    /** SIGTERM: the graceful stop. Returns the exit code. */
    public int terminate()
            throws InterruptedException
    {
        process.destroy();
        return awaitExit(Duration.ofSeconds(60));
    }

    /** SIGKILL, as a crashed or lost node: no lease revoke, containers left as they are. */
    public void kill()
            throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
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

    /** A CLI talking to this agent's socket. */
    public Cli cli()
    {
        return new Cli(socket);
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

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.berth.bridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link TestNodeMain} child JVM: start it, read what runs in it, SIGKILL it. */
public final class TestNodeProcess
        implements AutoCloseable
{
    private final String nodeId;
    private final Path statusDir;
    private final Process process;

    private TestNodeProcess(String nodeId, Path statusDir, Process process)
    {
        this.nodeId = nodeId;
        this.statusDir = statusDir;
        this.process = process;
    }

    public static TestNodeProcess start(String nodeId, String os, String endpoint, String prefix, Path statusDir)
    {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx96m", "-XX:TieredStopAtLevel=1", "-Dbridge.log.level=info",
                "-cp", System.getProperty("java.class.path"), TestNodeMain.class.getName(), nodeId, os, endpoint, prefix, statusDir.toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(statusDir.resolve(nodeId + ".log").toFile()).start();
            return new TestNodeProcess(nodeId, statusDir, process);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String nodeId()
    {
        return nodeId;
    }

    /** Replicas of {@code service} running in this process, as it last wrote them (0 before it wrote any). */
    public int running(String service)
    {
        Path status = statusDir.resolve(nodeId + ".running");
        try {
            if (!Files.exists(status)) {
                return 0;
            }
            return Files.readAllLines(status).stream().filter(line -> line.startsWith(service + "="))
                    .mapToInt(line -> Integer.parseInt(line.substring(service.length() + 1))).sum();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log()
    {
        try {
            return Files.readString(statusDir.resolve(nodeId + ".log"));
        }
        catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: no lease revoke, no resign. */
    public void kill()
    {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    kill();
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

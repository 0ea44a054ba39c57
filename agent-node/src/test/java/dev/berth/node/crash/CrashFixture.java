package dev.berth.node.crash;

import dev.berth.core.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.TestImages;
import dev.berth.node.it.Scratch;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One data dir that successive real agents (the shared {@link AgentProcess} harness) run on, the busybox image loaded,
 * and a view of the runtime's own state: with a non-default data dir the agent's runc root is {@code <data dir>/runtime}
 * (DataDirDefaults), so what runc lists there is what really exists; its network state is {@code <data dir>/network},
 * so another run of this test elsewhere on the machine (same ids: c0..c4, svc) never touches this one's namespaces.
 */
final class CrashFixture
        implements AutoCloseable
{
    static final String IMAGE = "test/busybox:latest";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path scratch;
    private final Path dataDir;
    private final Path socket;
    private AgentProcess agent;
    private Cli cli;

    private CrashFixture(Path scratch)
    {
        this.scratch = scratch;
        this.dataDir = scratch.resolve("a");
        this.socket = scratch.resolve("a.sock");
    }

    /** Skips (or fails in CI) without root, runc, conmon and busybox; then starts the first agent and loads the image. */
    static CrashFixture start()
            throws IOException
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        Requirements.require(TestImages.busyboxAvailable(), "/bin/busybox (busybox-static)");
        CrashFixture fixture = new CrashFixture(Files.createTempDirectory(Path.of("/tmp"), "bcr-"));
        try {
            fixture.startAgent();
            Path layout = fixture.scratch.resolve("layout");
            TestImages.busybox().writeLayout(layout, "latest");
            assertThat(fixture.cli.run("load", layout.toString(), IMAGE).exit()).isZero();
            return fixture;
        }
        catch (RuntimeException | Error | IOException e) {
            fixture.close();
            throw e;
        }
    }

    void startAgent()
            throws IOException
    {
        agent = AgentProcess.startReady(dataDir, socket);
        cli = new Cli(socket);
    }

    AgentProcess agent()
    {
        return agent;
    }

    Cli cli()
    {
        return cli;
    }

    Path scratch()
    {
        return scratch;
    }

    Path runtimeRoot()
    {
        return dataDir.resolve("runtime");
    }

    /** The runtime's containers under the agent's root: id to status. */
    List<JsonNode> runtimeContainers()
            throws IOException, InterruptedException
    {
        String out = runc("list", "-f", "json");
        JsonNode list = JSON.readTree(out.isBlank() ? "[]" : out);
        List<JsonNode> result = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(result::add);
        }
        return result;
    }

    String runc(String... args)
            throws IOException, InterruptedException
    {
        List<String> command = new ArrayList<>(List.of("/usr/sbin/runc", "--root", runtimeRoot().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("runc " + String.join(" ", args) + " did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    JsonNode recovery()
    {
        return cli.run("node", "--json").json().path("recovery");
    }

    static List<String> texts(JsonNode array)
    {
        List<String> result = new ArrayList<>();
        array.forEach(node -> result.add(node.asText()));
        return result;
    }

    static void await(Duration timeout, java.util.function.BooleanSupplier condition, String what)
    {
        Eventually.eventually(timeout, condition, what);
    }

    /** rm -f everything through the agent, then kill and delete whatever the runtime still has, then the scratch dir. */
    @Override
    public void close()
    {
        try {
            if (agent != null) {
                try {
                    if (!Files.exists(socket)) {
                        startAgent();
                    }
                    for (JsonNode container : cli.run("ps", "--json").json()) {
                        cli.run("rm", "-f", container.path("id").asText());
                    }
                }
                catch (AssertionError | IOException e) {
                    // Not answering: the runtime sweep below still cleans up.
                }
                agent.close();
            }
            for (JsonNode container : runtimeContainers()) {
                String id = container.path("id").asText();
                runc("kill", id, "KILL");
                runc("delete", "--force", id);
            }
        }
        catch (IOException e) {
            // Best effort.
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            Scratch.removeQuietly(scratch);
        }
    }
}

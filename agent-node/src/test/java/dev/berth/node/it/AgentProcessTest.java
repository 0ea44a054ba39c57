package dev.berth.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.TestImages;
import dev.berth.node.marker.ProcessTable;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent as a process: one per data dir (a second is refused naming the first's PID), agents side by side, a
 * recycled-PID marker treated as a crash, SIGTERM leaving containers running for the next agent to adopt, and
 * boot-error.json written on a failed boot and removed by the next good one.
 */
class AgentProcessTest
{
    private Path scratch;
    private final List<AgentProcess> agents = new ArrayList<>();
    private final List<Process> others = new ArrayList<>();

    @BeforeEach
    void requirements()
            throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        Requirements.require(TestImages.busyboxAvailable(), "/bin/busybox (busybox-static)");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "bnp-");
    }

    @AfterEach
    void cleanUp()
    {
        for (AgentProcess agent : agents) {
            if (Files.exists(agent.socket())) {
                Cli cli = new Cli(agent.socket());
                try {
                    for (JsonNode container : cli.run("ps", "--json").json()) {
                        cli.run("rm", "-f", container.path("id").asText());
                    }
                }
                catch (AssertionError e) {
                    // Not answering: nothing to clean through it.
                }
            }
            agent.close();
        }
        others.forEach(Process::destroyForcibly);
        Scratch.removeQuietly(scratch);
    }

    private AgentProcess started(String name, String... extra)
            throws Exception
    {
        AgentProcess agent = AgentProcess.startReady(scratch.resolve(name), scratch.resolve(name + ".sock"), extra);
        agents.add(agent);
        return agent;
    }

    private void loadImage(Cli cli)
    {
        Path layout = scratch.resolve("layout");
        if (!Files.exists(layout)) {
            TestImages.busybox().writeLayout(layout, "latest");
        }
        assertThat(cli.run("load", layout.toString(), "test/busybox:latest").exit()).isZero();
    }

    @Test
    void twoAgentsSideBySideShareNothing()
            throws Exception
    {
        AgentProcess first = started("a");
        AgentProcess second = started("b");
        Cli a = new Cli(first.socket());
        Cli b = new Cli(second.socket());
        loadImage(a);
        loadImage(b);
        assertThat(a.run("run", "-d", "--name", "only-on-a", "test/busybox:latest", "sleep", "600").exit()).isZero();
        assertThat(b.run("run", "-d", "--name", "only-on-b", "test/busybox:latest", "sleep", "600").exit()).isZero();
        assertThat(a.run("ps", "--json").json().findValuesAsText("service")).containsExactly("only-on-a");
        assertThat(b.run("ps", "--json").json().findValuesAsText("service")).containsExactly("only-on-b");
        assertThat(a.run("node", "--json").json().path("dataDir").asText()).isEqualTo(first.dataDir().toString());
    }

    @Test
    void secondAgentOnTheSameDataDirIsRefusedNamingThePid()
            throws Exception
    {
        AgentProcess first = started("a");
        AgentProcess second = AgentProcess.start(first.dataDir(), scratch.resolve("other.sock"));
        agents.add(second);
        int exit = second.awaitExit(Duration.ofSeconds(90));
        assertThat(exit).isEqualTo(2);
        assertThat(second.log()).contains("PID " + first.pid());
        // The running agent is untouched: it still answers, and no boot error was left in its data dir.
        assertThat(new Cli(first.socket()).run("ps").exit()).isZero();
        assertThat(first.dataDir().resolve("boot-error.json")).doesNotExist();
    }

    @Test
    void recycledPidMarkerIsACrashToRecoverFrom()
            throws Exception
    {
        Process impostor = new ProcessBuilder("sleep", "600").start();
        others.add(impostor);
        long startTime = ProcessTable.system().startTime(impostor.pid()).orElseThrow();
        Path dataDir = scratch.resolve("a");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("agent.pid"), "{\"pid\":" + impostor.pid() + ",\"startTime\":" + (startTime + 1000) + "}");

        AgentProcess agent = started("a");
        JsonNode node = new Cli(agent.socket()).run("node", "--json").json();
        assertThat(node.path("previousAgent").asText()).contains("PID " + impostor.pid()).contains("recycled");
        assertThat(impostor.isAlive()).as("the impostor is not ours to kill").isTrue();
        assertThat(Files.readString(dataDir.resolve("agent.pid"))).contains("\"pid\":" + agent.pid());
    }

    @Test
    void sigtermRemovesTheMarkerAndLeavesContainersForTheNextAgent()
            throws Exception
    {
        AgentProcess first = started("a");
        Cli cli = new Cli(first.socket());
        loadImage(cli);
        assertThat(cli.run("run", "-d", "--name", "survivor", "test/busybox:latest", "sleep", "600").exit()).isZero();
        long containerPid = cli.run("inspect", "survivor", "--json").json().path("pid").asLong();
        assertThat(containerPid).isPositive();

        // The JVM's status after SIGTERM is 143 even when the stop was graceful (the unit says SuccessExitStatus=143).
        assertThat(first.terminate()).isEqualTo(143);
        assertThat(first.dataDir().resolve("agent.pid")).doesNotExist();
        assertThat(first.socket()).doesNotExist();
        assertThat(ProcessHandle.of(containerPid).map(ProcessHandle::isAlive)).as("container kept running").contains(true);
        assertThat(first.log()).contains("containers keep running");

        AgentProcess next = started("a");
        JsonNode adopted = new Cli(next.socket()).run("inspect", "survivor", "--json").json();
        assertThat(adopted.path("state").asText()).isEqualTo("running");
        assertThat(adopted.path("pid").asLong()).as("adopted, not restarted").isEqualTo(containerPid);
        JsonNode recovery = new Cli(next.socket()).run("node", "--json").json().path("recovery");
        assertThat(recovery.path("adopted").findValuesAsText("")).isEmpty();
        assertThat(recovery.path("adopted").toString()).contains("survivor");
        assertThat(recovery.path("restarted")).isEmpty();
    }

    @Test
    void failedBootWritesBootErrorShownByDoctorAndTheNextBootRemovesIt()
            throws Exception
    {
        Path dataDir = scratch.resolve("a");
        AgentProcess failing = AgentProcess.start(dataDir, scratch.resolve("a.sock"), "--set", "runtime.youki.flavour=runc");
        agents.add(failing);
        assertThat(failing.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
        assertThat(failing.log()).contains("runtime.youki.flavor");
        String bootError = Files.readString(dataDir.resolve("boot-error.json"));
        assertThat(bootError).contains("\"stage\":\"config\"").contains("runtime.youki.flavour");
        assertThat(dataDir.resolve("agent.pid")).as("a failed boot leaves no marker").doesNotExist();

        Result doctor = new Cli(scratch.resolve("a.sock")).run("doctor", "--data-dir", dataDir.toString());
        assertThat(doctor.out()).contains("boot error:").contains("stage config").contains("runtime.youki.flavour");

        started("a");
        assertThat(dataDir.resolve("boot-error.json")).doesNotExist();
    }

    @Test
    void aDataDirHoldingOtherFilesIsRefusedAndLeftAsItWas()
            throws Exception
    {
        // a mistyped --data-dir /var/lib: the agent must not make a shared directory root-only, nor write into it
        Path shared = Files.createDirectories(scratch.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(shared.resolve("someone-elses.conf"), "keep me\n");
        AgentProcess refused = AgentProcess.start(shared, scratch.resolve("shared.sock"));
        agents.add(refused);

        assertThat(refused.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
        assertThat(refused.log()).contains("data dir " + shared).contains("someone-elses.conf").contains(shared.resolve("berth").toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-xr-x");
        try (Stream<Path> entries = Files.list(shared)) {
            assertThat(entries.map(entry -> entry.getFileName().toString())).containsExactly("someone-elses.conf");
        }
    }

    @Test
    void aSocketPathHoldingAFileIsRefusedAndTheFileKept()
            throws Exception
    {
        // options swapped by mistake: --socket /etc/berth/config.yaml must not delete the config
        Path config = Files.writeString(scratch.resolve("config.yaml"), "runtime: {}\n");
        AgentProcess refused = AgentProcess.start(scratch.resolve("a"), config);
        agents.add(refused);

        assertThat(refused.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
        assertThat(refused.log()).contains(config + " is an existing file that is not a socket");
        assertThat(Files.readString(config)).isEqualTo("runtime: {}\n");
    }
}

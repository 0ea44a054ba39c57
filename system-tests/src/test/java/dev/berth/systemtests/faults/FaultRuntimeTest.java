package dev.berth.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.image.testing.TestImages;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Containers;
import dev.berth.systemtests.testing.FaultRuntime;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real agent on a scripted fault runtime (a wrapper around runc, see {@link FaultRuntime}) with a 4s create
 * and 3s call timeout: a hung, crashing or babbling runtime gives a clear error, keeps the container's record with
 * its reason, and leaves the agent answering.
 */
class FaultRuntimeTest
{
    static final String IMAGE = "test/busybox:latest";

    static Path scratch;
    static FaultRuntime faults;
    static AgentProcess agent;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        AgentFixture.requireHost();
        scratch = Scratch.create("bst-fault-");
        faults = FaultRuntime.in(scratch.resolve("fault"));
        agent = AgentFixture.startAgent(scratch.resolve("data"), scratch.resolve("a.sock"),
                "--set", "runtime.youki.binary=" + faults.binary(),
                "--set", "runtime.youki.create-timeout=4s",
                "--set", "runtime.youki.call-timeout=3s");
        cli = agent.cli();
        TestImages.busybox().writeLayout(scratch.resolve("layout"), "latest");
        assertThat(cli.run("load", scratch.resolve("layout").toString(), IMAGE).exit()).isZero();
        assertThat(cli.run("run", "-d", "--name", "bystander", IMAGE, "sleep", "3600").exit()).isZero();
    }

    @AfterEach
    void clearFault()
            throws Exception
    {
        if (faults != null) {
            faults.clear();
            faults.killHung();
        }
    }

    @AfterAll
    static void stopAgent()
            throws Exception
    {
        if (agent != null) {
            faults.clear();
            Containers.removeAll(cli);
            agent.close();
            faults.killHung();
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    void hangOnCreateTimesOutKeepsTheFailedRecordAndTheAgentAnswers()
            throws Exception
    {
        faults.inject("hang", "create");
        Result run = cli.run("run", "-d", "--json", "--name", "hang-create", IMAGE, "sleep", "3600");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.json().path("code").asText()).isEqualTo("TIMEOUT");
        assertThat(faults.hits()).anyMatch(hit -> hit.startsWith("hang ") && hit.contains(" create "));
        assertFailedRecord("hang-create.1", "TIMEOUT", "was not created");
        assertFailedRecord("hang-create.1", "TIMEOUT", "was killed with its children");
        // the timeout kills conmon and the hung create under it: nothing is left running that nobody watches
        List<Long> hung = Files.readAllLines(scratch.resolve("fault/hung.pids")).stream().filter(line -> !line.isBlank())
                .map(line -> Long.parseLong(line.strip())).toList();
        assertThat(hung).isNotEmpty();
        awaitNoProcess(() -> hung.stream().filter(FaultRuntimeTest::running).map(pid -> pid + " (hung create)").toList());
        awaitNoProcess(() -> ProcessHandle.allProcesses().filter(process -> process.info().arguments().map(List::of).orElse(List.of())
                .contains("hang-create.1")).filter(process -> running(process.pid()))
                .map(process -> process.pid() + " " + process.info().commandLine().orElse("?")).toList());
        assertThat(scratch.resolve("data/youki/containers/hang-create.1/bundle/config.json")).as("nothing is deleted on failure").exists();
        assertAgentAnswers();
    }

    /** Fails unless {@code leftovers} is empty within 10s (a SIGKILL takes effect a moment after it is sent). */
    private static void awaitNoProcess(Supplier<List<String>> leftovers)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!leftovers.get().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(leftovers.get()).as("processes left running").isEmpty();
    }

    /** Alive and not a zombie: a killed process whose parent died waits for init to reap it. */
    private static boolean running(long pid)
    {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        }
        catch (IOException e) {
            return false;
        }
    }

    @Test
    void hangOnStartTimesOutAndKillsTheHungCall()
            throws Exception
    {
        faults.inject("hang", "start");
        Result run = cli.run("run", "-d", "--json", "--name", "hang-start", IMAGE, "sleep", "3600");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.json().path("code").asText()).isEqualTo("TIMEOUT");
        assertFailedRecord("hang-start.1", "TIMEOUT", "start hang-start.1' did not finish; killed it");
        assertAgentAnswers();
    }

    @Test
    void hangOnKillTimesOutAndTheContainerIsStillReportedRunning()
            throws Exception
    {
        assertThat(cli.run("run", "-d", "--name", "hang-kill", IMAGE, "sleep", "3600").exit()).isZero();
        faults.inject("hang", "kill");
        Result stop = cli.run("stop", "--json", "--time", "1s", "hang-kill");
        assertThat(stop.exit()).isEqualTo(1);
        assertThat(stop.json().path("code").asText()).isEqualTo("TIMEOUT");
        assertThat(Containers.find(cli, "hang-kill.1").orElseThrow().path("state").asText())
                .as("the kill never reached runc, so the container runs on and is shown so").isEqualTo("running");
        assertAgentAnswers();

        faults.clear();
        assertThat(cli.run("stop", "--time", "1s", "hang-kill").exit()).as("works again once the runtime does").isZero();
        assertThat(cli.run("rm", "hang-kill").exit()).isZero();
    }

    @Test
    void hangOnDeleteTimesOutAndKeepsTheRecord()
            throws Exception
    {
        assertThat(cli.run("run", "-d", "--name", "hang-delete", IMAGE, "sleep", "3600").exit()).isZero();
        assertThat(cli.run("stop", "--time", "1s", "hang-delete").exit()).isZero();
        faults.inject("hang", "delete");
        Result remove = cli.run("rm", "--json", "hang-delete");
        assertThat(remove.exit()).isEqualTo(1);
        assertThat(remove.json().path("code").asText()).isEqualTo("TIMEOUT");
        assertThat(Containers.find(cli, "hang-delete.1")).as("not forgotten while runc still holds it").isPresent();
        assertAgentAnswers();

        faults.clear();
        assertThat(cli.run("rm", "-f", "hang-delete").exit()).isZero();
        assertThat(Containers.find(cli, "hang-delete.1")).isEmpty();
    }

    /**
     * A started container with a live conmon is answered from disk, so running one asks the runtime's state no more;
     * once its conmon is gone the agent must ask, and garbage from the runtime is a clear error naming the output.
     */
    @Test
    void garbageFromStateIsAClearErrorNamingTheOutput()
            throws Exception
    {
        faults.inject("garbage", "state");
        assertThat(cli.run("run", "-d", "--name", "garbage-state", IMAGE, "sleep", "3600").exit()).as("run asks no runtime state").isZero();
        killConmon("garbage-state.1");
        Result exec = cli.run("exec", "--json", "garbage-state", "true");
        assertThat(exec.exit()).isEqualTo(1);
        assertThat(exec.json().path("code").asText()).isEqualTo("INTERNAL");
        assertThat(exec.json().path("message").asText()).contains("output as JSON").contains("this is {not json");
        assertThat(faults.hits()).anyMatch(hit -> hit.startsWith("garbage ") && hit.contains(" state "));
        faults.clear();
        assertThat(cli.run("rm", "-f", "garbage-state").exit()).isZero();
        assertAgentAnswers();
    }

    @Test
    void crashingStateIsAClearErrorWithTheExitStatus()
            throws Exception
    {
        faults.inject("crash", "state");
        assertThat(cli.run("run", "-d", "--name", "crash-state", IMAGE, "sleep", "3600").exit()).as("run asks no runtime state").isZero();
        killConmon("crash-state.1");
        Result exec = cli.run("exec", "--json", "crash-state", "true");
        assertThat(exec.exit()).isEqualTo(1);
        assertThat(exec.json().path("code").asText()).isEqualTo("INTERNAL");
        assertThat(exec.json().path("message").asText()).contains("exit status 139").contains("state crash-state.1");
        faults.clear();
        assertThat(cli.run("rm", "-f", "crash-state").exit()).isZero();
        assertAgentAnswers();
    }

    /** SIGKILLs the container's conmon: the container runs on, and only the runtime can say how it is. */
    private static void killConmon(String id)
            throws Exception
    {
        Path pidFile = agent.dataDir().resolve("youki/containers").resolve(id).resolve("conmon.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        awaitNoProcess(() -> running(pid) ? List.of(pid + " (conmon of " + id + ")") : List.of());
    }

    @Test
    void stopWithACrashingStateCallStillStopsTheContainer()
            throws Exception
    {
        assertThat(cli.run("run", "-d", "--name", "stop-blind", IMAGE, "sleep", "3600").exit()).isZero();
        faults.inject("crash", "state");
        cli.run("stop", "--time", "1s", "stop-blind");
        faults.clear();
        assertThat(runtimeStatus("stop-blind.1")).as("a record shown as exited must not be running in the runtime").isNotEqualTo("running");
        assertThat(cli.run("rm", "-f", "stop-blind").exit()).isZero();
        assertAgentAnswers();
    }

    /** The container's status as runc itself reports it, bypassing the agent: "running", "stopped", or "gone". */
    private static String runtimeStatus(String id)
            throws Exception
    {
        Process process = new ProcessBuilder("/usr/sbin/runc", "--root", agent.dataDir().resolve("runtime").toString(), "state", id)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            return "gone";
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(output).path("status").asText();
    }

    @Test
    void failingCreateCarriesTheRuntimesMessage()
            throws Exception
    {
        faults.inject("fail", "create");
        Result run = cli.run("run", "-d", "--json", "--name", "fail-create", IMAGE, "sleep", "3600");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.json().path("code").asText()).isEqualTo("CREATE_FAILED");
        faults.clear();
        assertFailedRecord("fail-create.1", "CREATE_FAILED", "");
        assertAgentAnswers();
    }

    private static void assertFailedRecord(String id, String code, String evidence)
    {
        JsonNode record = Containers.find(cli, id).orElseThrow(() -> new AssertionError(id + " was not kept"));
        System.out.println(id + " record: " + record);
        assertThat(record.path("state").asText()).isEqualTo("failed");
        assertThat(record.path("failure").path("code").asText()).isEqualTo(code);
        assertThat(record.path("failure").toString()).contains(evidence);
    }

    private static void assertAgentAnswers()
    {
        assertThat(agent.alive()).isTrue();
        JsonNode bystander = Containers.find(cli, "bystander.1").orElseThrow();
        assertThat(bystander.path("state").asText()).isEqualTo("running");
        assertThat(cli.run("node", "--json").exit()).isZero();
    }
}

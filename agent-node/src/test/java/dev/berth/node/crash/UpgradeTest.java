package dev.berth.node.crash;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An upgrade: SIGTERM with 20 running containers, a new agent adopts all 20 within 1 s and restarts none (same PIDs). */
class UpgradeTest
{
    private static final int CONTAINERS = 20;

    private CrashFixture fixture;

    @AfterEach
    void cleanUp()
    {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void sigtermThenStartAdoptsAllTwentyWithoutRestartingAny()
            throws Exception
    {
        fixture = CrashFixture.start();
        Map<String, Long> pids = new LinkedHashMap<>();
        for (int i = 0; i < CONTAINERS; i++) {
            var run = fixture.cli().run("run", "-d", "--name", "up" + i, CrashFixture.IMAGE, "sleep", "600");
            assertThat(run.exit()).as(run.err()).isZero();
            String id = run.out().strip();
            long pid = fixture.cli().run("inspect", id, "--json").json().path("pid").asLong();
            assertThat(pid).isPositive();
            pids.put(id, pid);
        }

        assertThat(fixture.agent().terminate()).isEqualTo(143);
        fixture.startAgent();

        JsonNode recovery = fixture.recovery();
        List<String> adopted = CrashFixture.texts(recovery.path("adopted"));
        System.out.println("upgrade: adopted " + adopted.size() + " in " + recovery.path("durationMillis").asLong() + " ms");
        assertThat(adopted).as(recovery.toString()).containsExactlyInAnyOrderElementsOf(pids.keySet());
        assertThat(recovery.path("restarted")).as(recovery.toString()).isEmpty();
        assertThat(recovery.path("failed")).as(recovery.toString()).isEmpty();
        assertThat(recovery.path("durationMillis").asLong()).as("recovery duration (ms)").isLessThanOrEqualTo(1000);
        for (Map.Entry<String, Long> entry : pids.entrySet()) {
            JsonNode inspect = fixture.cli().run("inspect", entry.getKey(), "--json").json();
            assertThat(inspect.path("state").asText()).as(entry.getKey()).isEqualTo("running");
            assertThat(inspect.path("pid").asLong()).as("%s adopted, not restarted", entry.getKey()).isEqualTo(entry.getValue());
        }
    }
}

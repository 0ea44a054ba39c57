package dev.berth.hcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.spec.Isolation;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.hcs.layer.LayerManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Exec through the C stub: what the process is given, and how much of its output comes back. */
@Isolated
class HcsExecStubTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path layerRoot;

    private HcsStub stub;
    private HcsRuntime runtime;
    private String id;

    @BeforeEach
    void setUp()
    {
        stub = HcsStub.load();
        HcsConfig config = new HcsConfig(Optional.of(stub.path()), Duration.ofSeconds(10), layerRoot.toString(), Isolation.PROCESS, "berth", 1L << 30, 2,
                Duration.ofMillis(20));
        TestingImageService images = new TestingImageService().add(WindowsContract.NANOSERVER, List.of(layerRoot.resolve("base")));
        runtime = new HcsRuntime(new HcsClient(stub.libraries(), config.operationTimeout()), new LayerManager(stub.libraries().vmCompute()), images,
                WindowsContract.HOST, config);
        id = "exec-" + System.nanoTime();
        ServiceSpec base = ServiceSpec.of(id, WindowsContract.NANOSERVER.reference(), WindowsContract.LONG_RUNNING);
        ServiceSpec spec = new ServiceSpec(base.name(), base.image(), base.command(), base.args(), Map.of("FROM_SPEC", "spec", "SHARED", "spec"),
                base.secretEnv(), "C:\\app", "ContainerAdministrator", base.tty(), base.ports(), base.mounts(), base.network(), base.resources(),
                base.platform(), base.isolation(), base.runtime(), base.labels(), base.health(), base.init(), base.initPolicy(), base.depends(),
                base.restart(), base.replicas(), base.security(), base.startTimeout(), base.stopGrace());
        runtime.create(new ContainerRequest(id, spec, WindowsContract.NANOSERVER, Map.of()));
        runtime.start(id);
    }

    @AfterEach
    void tearDown()
    {
        runtime.remove(id, true);
        assertThat(stub.counter(HcsStub.LIVE_PIPES)).isZero();
        assertThat(stub.counter(HcsStub.LIVE_PROCESSES)).isZero();
        assertThat(stub.counter(HcsStub.BAD_HANDLES)).isZero();
        assertThat(stub.counter(HcsStub.SYNC_READS)).isZero();
    }

    @Test
    void outputPastTheRequestsLimitIsDroppedFromTheFrontAndCounted()
    {
        int limit = 1000;
        int printed = 10_000;
        ExecResult result = runtime.exec(id, new ExecRequest(List.of("cmd", "/c", "flood " + printed), Map.of(), "", Duration.ofSeconds(10), limit));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).hasSize(limit).endsWith("yyyEND");
        assertThat(result.stdoutDropped()).isEqualTo(printed + 3L - limit);
        assertThat(result.stderr()).isEmpty();
        assertThat(result.stderrDropped()).isZero();
    }

    @Test
    void execRunsWithTheContainersEnvironmentUserAndDirectoryUnderTheRequestsOwn()
            throws IOException
    {
        ExecResult result = runtime.exec(id, new ExecRequest(List.of("cmd", "/S", "/C", "echo %FROM_SPEC% %SHARED% %USERNAME%"),
                Map.of("SHARED", "request"), "", Duration.ofSeconds(10)));
        assertThat(result.stdout()).isEqualTo("spec request ContainerAdministrator\r\n");
        List<String> documents = stub.documents("HcsCreateProcess");
        JsonNode exec = JSON.readTree(documents.get(documents.size() - 1));
        assertThat(exec.path("WorkingDirectory").asText()).isEqualTo("C:\\app");
        assertThat(exec.path("Environment").path("FROM_SPEC").asText()).isEqualTo("spec");

        ExecResult asUser = runtime.exec(id, new ExecRequest(List.of("cmd", "/S", "/C", "echo %USERNAME%"), Map.of(), "ContainerUser",
                Duration.ofSeconds(10)));
        assertThat(asUser.stdout()).as("the request's user wins").isEqualTo("ContainerUser\r\n");
    }
}

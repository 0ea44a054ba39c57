package dev.berth.lifecycle.diagnose;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.ErrorWire;
import dev.berth.core.error.InitActionFailed;
import dev.berth.core.error.StartFailed;
import dev.berth.core.runtime.ExecResult;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/** Start, init, health and dependency timeouts explain themselves. */
class TimeoutEvidenceTest
{
    @TempDir
    Path dataDir;

    private TestingLifecycleBackend backend;
    private LifecycleHarness harness;

    @BeforeEach
    void setUp()
    {
        backend = new TestingLifecycleBackend();
        harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST);
    }

    @AfterEach
    void tearDown()
    {
        harness.close();
    }

    @Test
    void initTimeoutCarriesAliveLogBytesLastTwentyLinesAndLikelyCause()
    {
        List<String> lines = IntStream.rangeClosed(1, 25).mapToObj(i -> "line " + i).toList();
        backend.logLines("api.1", lines);
        backend.execAnswer("api.", new ExecResult(1, "", ""));
        Throwable thrown = catchThrowable(() -> harness.manager().run(document("""
                {name: api, image: busybox:test, args: [sleep], init: [{type: tcp, port: 8080, retries: 0, timeout: 150ms}]}
                """)));

        assertThat(thrown).isInstanceOf(InitActionFailed.class);
        TimeoutEvidence evidence = TimeoutEvidence.in(thrown).orElseThrow();
        assertThat(evidence.alive()).isTrue();
        assertThat(evidence.exitCode()).isEmpty();
        assertThat(evidence.logBytes()).isEqualTo(lines.stream().mapToInt(line -> line.length() + 1).sum());
        assertThat(evidence.lastLines()).hasSize(20).startsWith("line 6").endsWith("line 25");
        assertThat(evidence.likelyCause()).contains("nothing accepts connections on 8080");
        assertThat(((InitActionFailed) thrown).reason()).contains("process alive").contains("likely cause");

        String wire = ErrorWire.encode((AgentError) thrown, new ObjectMapper()).toString();
        assertThat(wire).contains("line 25").contains("nothing accepts connections on 8080");
    }

    @Test
    void processThatExitsBeforeListeningIsNamed()
    {
        backend.execAnswer("api.", new ExecResult(1, "", ""));
        Throwable thrown = catchThrowable(() -> harness.manager().run(document("""
                {name: api, image: busybox:test, args: [exit-after, "50", "3"], init: [{type: tcp, port: 8080, retries: 0, timeout: 2s}]}
                """)));

        TimeoutEvidence evidence = TimeoutEvidence.in(thrown).orElseThrow();
        assertThat(evidence.alive()).isFalse();
        assertThat(evidence.exitCode()).hasValue(3);
        assertThat(evidence.likelyCause()).isEqualTo("process exited (code 3) before listening on 8080");
        assertThat(harness.manager().inspect("api").exitCode()).hasValue(3);
    }

    @Test
    void silentProcessIsSuspectedOfWaitingOnStdin()
    {
        backend.execAnswer("api.", new ExecResult(1, "", ""));
        Throwable thrown = catchThrowable(() -> harness.manager().run(document("""
                {name: api, image: busybox:test, args: [sleep], init: [{type: tcp, port: 8080, retries: 0, timeout: 100ms}]}
                """)));

        TimeoutEvidence evidence = TimeoutEvidence.in(thrown).orElseThrow();
        assertThat(evidence.logBytes()).isZero();
        assertThat(evidence.likelyCause()).isEqualTo("no output at all: the command may be waiting on stdin (and nothing accepts connections on 8080)");
    }

    @Test
    void failingInitCommandIsQuotedInsteadOfGuessing()
    {
        backend.execAnswer("api.", new ExecResult(2, "", "relation \"users\" does not exist"));
        Throwable thrown = catchThrowable(() -> harness.manager().run(document("""
                {name: api, image: busybox:test, args: [sleep], init: [{type: exec, command: [migrate], retries: 0, timeout: 100ms}]}
                """)));

        assertThat(TimeoutEvidence.in(thrown).orElseThrow().likelyCause())
                .isEqualTo("the process is running but the command keeps failing: 'migrate' exited 2: relation \"users\" does not exist");
    }

    @Test
    void startTimeoutSaysTheProcessNeverRan()
    {
        Throwable thrown = catchThrowable(() -> harness.manager().run(document("{name: api, image: busybox:test, args: [hang], startTimeout: 200ms}")));

        assertThat(thrown).isInstanceOf(StartFailed.class).hasMessageContaining("did not reach running within 200ms");
        TimeoutEvidence evidence = TimeoutEvidence.in(thrown).orElseThrow();
        assertThat(evidence.alive()).isFalse();
        assertThat(evidence.likelyCause()).contains("never started running");
    }
}

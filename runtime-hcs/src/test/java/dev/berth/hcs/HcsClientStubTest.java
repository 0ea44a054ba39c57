package dev.berth.hcs;

import dev.berth.core.error.Timeout;
import dev.berth.core.runtime.OutputTail;
import dev.berth.hcs.binding.ComputeCore;
import dev.berth.hcs.error.HResult;
import dev.berth.hcs.error.HcsCallFailed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real JNA binding against the C stub: strings cross as UTF-16 and come back intact through the stub's own
 * decoder, out-pointers deliver handles, callbacks arrive from a native thread, and every result document is freed
 * exactly once with LocalFree.
 */
@Isolated
class HcsClientStubTest
{
    private HcsStub stub;
    private HcsClient client;

    @BeforeEach
    void setUp()
    {
        stub = HcsStub.load();
        client = new HcsClient(stub.libraries(), Duration.ofSeconds(5));
    }

    @AfterEach
    void noLeaks()
    {
        assertThat(stub.counter(HcsStub.BAD_FREES)).as("LocalFree of memory HCS did not allocate, or twice").isZero();
        assertThat(stub.counter(HcsStub.FREED)).as("result documents freed").isEqualTo(stub.counter(HcsStub.ALLOCATED));
        assertThat(stub.counter(HcsStub.LIVE_OPERATIONS)).as("operation handles left open").isZero();
        assertThat(stub.counter(HcsStub.BAD_HANDLES)).as("calls with handles never handed out, or closed").isZero();
        assertThat(stub.counter(HcsStub.WAITS_AFTER_TIMEOUT)).as("operations waited for again after their timeout").isZero();
        assertThat(stub.counter(HcsStub.SYNC_READS)).as("overlapped handles read without an OVERLAPPED").isZero();
        assertThat(stub.counter(HcsStub.LIVE_EVENTS)).as("read events left open").isZero();
    }

    @Test
    void stringsCrossAsUtf16Including4ByteCharacters()
    {
        String id = "ütf16-\uD834\uDD1E-" + System.nanoTime();
        String configuration = "{\"Owner\":\"berth\",\"Container\":{\"Storage\":{\"Path\":\"C:\\\\ProgramData\\\\ščř\"}}}";
        SystemHandle system = client.createComputeSystem(id, configuration);
        try {
            assertThat(stub.records()).contains("HcsCreateComputeSystem\t" + id + "\t" + configuration);
            // and back: the stub's properties document (UTF-16, LocalFree'd) names the id
            assertThat(client.properties(system, "{}")).contains("\"Id\":\"" + id + "\"").contains("\"State\":\"Created\"");
            assertThat(stub.counter(HcsStub.ALLOCATED)).isEqualTo(1);
            assertThat(stub.counter(HcsStub.FREED)).isEqualTo(1);
        }
        finally {
            client.terminate(system);
            client.close(system);
        }
        assertThat(stub.counter(HcsStub.LIVE_SYSTEM_HANDLES)).isZero();
        assertThat(id.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(id.length());
    }

    @Test
    void failedOperationCarriesHresultAndResultDocument()
    {
        stub.script("HcsCreateComputeSystem", 0xC0370101, "{\"Error\":-1070137087,\"ErrorMessage\":\"The container OS does not match\"}");
        assertThatThrownBy(() -> client.createComputeSystem("mismatch-" + System.nanoTime(), "{}"))
                .isInstanceOfSatisfying(HcsCallFailed.class, failure -> {
                    assertThat(failure.function()).isEqualTo("HcsCreateComputeSystem");
                    assertThat(failure.hresult().hex()).isEqualTo("0xC0370101");
                    assertThat(failure.hresult().is(HResult.HCS_E_IMAGE_MISMATCH)).isTrue();
                    assertThat(failure.resultDocument()).hasValueSatisfying(document -> assertThat(document).contains("does not match"));
                });
        assertThat(stub.counter(HcsStub.FREED)).isEqualTo(1);
    }

    @Test
    void immediateFailureIsReportedWithoutAResultDocument()
    {
        assertThatThrownBy(() -> client.openComputeSystem("missing-" + System.nanoTime()))
                .isInstanceOfSatisfying(HcsCallFailed.class, failure -> {
                    assertThat(failure.hresult().isWin32(HResult.ERROR_NOT_FOUND)).as(failure.hresult().hex()).isTrue();
                    assertThat(failure.resultDocument()).isEmpty();
                });
    }

    @Test
    void operationPastItsTimeoutIsGivenUpAfterOneWaitAndItsHandleClosed()
    {
        SystemHandle system = client.createComputeSystem("hang-" + System.nanoTime(), "{}");
        try {
            client.start(system);
            stub.hang("HcsShutDownComputeSystem");
            // HcsCancelOperation answers E_NOTIMPL and the operation stays pending: waiting again would cost a second timeout
            assertThatThrownBy(() -> client.shutDown(system, Duration.ofMillis(50))).isInstanceOf(Timeout.class)
                    .hasRootCauseMessage("HcsShutDownComputeSystem failed with HRESULT 0x80370118");
            assertThat(stub.counter(HcsStub.CANCELS)).isEqualTo(1);
            assertThat(stub.counter(HcsStub.WAITS_AFTER_TIMEOUT)).isZero();
            assertThat(stub.counter(HcsStub.CLOSED_PENDING)).as("the pending operation was closed, not leaked").isEqualTo(1);
            assertThat(stub.counter(HcsStub.LIVE_OPERATIONS)).isZero();
        }
        finally {
            client.terminate(system);
            client.close(system);
        }
    }

    @Test
    void processWhoseCreationTimesOutIsCancelledAndItsHandleClosed()
    {
        HcsClient impatient = new HcsClient(stub.libraries(), Duration.ofMillis(50));
        SystemHandle system = client.createComputeSystem("slow-process-" + System.nanoTime(), "{}");
        try {
            client.start(system);
            stub.hang("HcsCreateProcess");
            assertThatThrownBy(() -> impatient.createProcess(system, "{\"CommandLine\":\"ping -t localhost\"}")).isInstanceOf(Timeout.class);
            assertThat(stub.counter(HcsStub.CANCELS)).isEqualTo(1);
            assertThat(stub.counter(HcsStub.LIVE_PROCESSES)).as("process handle handed out before the timeout").isZero();
        }
        finally {
            client.terminate(system);
            client.close(system);
        }
    }

    @Test
    void callbackArrivesFromANativeThreadWithItsEventData()
    {
        String id = "events-" + System.nanoTime();
        SystemHandle system = client.createComputeSystem(id, "{}");
        List<SystemEvent> events = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        try {
            client.setCallback(system, event -> {
                events.add(event);
                threads.add(Thread.currentThread().getName());
            });
            client.start(system);
            assertThat(stub.controls().stub_fire_event(id, 0x00010000, "{\"ProcessId\":7,\"ExitCode\":3,\"Note\":\"ünï\"}")).isEqualTo(1);
            client.terminate(system);
        }
        finally {
            client.close(system);
        }
        assertThat(events).extracting(SystemEvent::type).containsExactly(ComputeCore.HcsEventProcessExited, ComputeCore.HcsEventSystemExited);
        assertThat(events.get(0).data()).hasValue("{\"ProcessId\":7,\"ExitCode\":3,\"Note\":\"ünï\"}");
        assertThat(events.get(1).data()).hasValueSatisfying(data -> assertThat(data).contains("GracefulExit"));
        assertThat(threads).doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void processPipesAreReadToTheEndAndEveryHandleIsClosed()
    {
        SystemHandle system = client.createComputeSystem("process-" + System.nanoTime(), "{}");
        try {
            client.start(system);
            // no CreateStdInPipe: HCS gives INVALID_HANDLE_VALUE for stdin, which must never be closed
            ProcessHandle process = client.createProcess(system,
                    "{\"CommandLine\":\"cmd /S /C \\\"echo héllo\\\"\",\"CreateStdOutPipe\":true,\"CreateStdErrPipe\":true}");
            assertThat(process.pid()).isPositive();
            assertThat(drain(process, true).text()).isEqualTo("héllo\r\n");
            assertThat(drain(process, false).written()).isZero();
            assertThat(client.properties(process)).contains("\"Exited\":true").contains("\"ExitCode\":0");
            client.close(process);
            client.close(process);
            assertThat(stub.counter(HcsStub.LIVE_PIPES)).isZero();
            assertThat(stub.counter(HcsStub.LIVE_PROCESSES)).isZero();
        }
        finally {
            client.terminate(system);
            client.close(system);
        }
    }

    @Test
    void pipesClosedWithTheirProcessAreNeverReadAfterwards()
    {
        SystemHandle system = client.createComputeSystem("closed-pipes-" + System.nanoTime(), "{}");
        try {
            client.start(system);
            ProcessHandle process = client.createProcess(system, "{\"CommandLine\":\"cmd /S /C \\\"echo late\\\"\",\"CreateStdOutPipe\":true}");
            client.close(process);
            // a pump that starts after the close finds nothing to read, rather than a handle already closed
            client.pump(process, true, chunk -> {
                throw new AssertionError("read from a closed pipe");
            });
            assertThat(stub.counter(HcsStub.BAD_HANDLES)).isZero();
            assertThat(stub.counter(HcsStub.LIVE_PIPES)).isZero();
        }
        finally {
            client.terminate(system);
            client.close(system);
        }
    }

    @Test
    void aSpuriouslyFailedProcessWaitIsRecoveredWithHcsGetProcessInfo()
    {
        SystemHandle system = client.createComputeSystem("spurious-" + System.nanoTime(), "{}");
        try {
            client.start(system);
            stub.controls().stub_spurious_process_waits(1);
            ProcessHandle process = client.createProcess(system, "{\"CommandLine\":\"cmd /S /C \\\"echo again\\\"\",\"CreateStdOutPipe\":true}");
            assertThat(stub.records()).anyMatch(line -> line.startsWith("HcsGetProcessInfo\t" + process.pid()));
            assertThat(drain(process, true).text()).isEqualTo("again\r\n");
            client.close(process);
            assertThat(stub.counter(HcsStub.LIVE_PIPES)).isZero();
        }
        finally {
            client.terminate(system);
            client.close(system);
        }
    }

    @Test
    void whenRecoveryFailsTooTheCreationsOwnFailureIsReportedAndTheProcessClosed()
    {
        SystemHandle system = client.createComputeSystem("unrecovered-" + System.nanoTime(), "{}");
        try {
            client.start(system);
            stub.controls().stub_spurious_process_waits(1);
            stub.script("HcsGetProcessInfo", 0x8037011D, null);
            assertThatThrownBy(() -> client.createProcess(system, "{\"CommandLine\":\"ping -t localhost\",\"CreateStdOutPipe\":true}"))
                    .isInstanceOfSatisfying(HcsCallFailed.class, failure -> {
                        assertThat(failure.function()).isEqualTo("HcsCreateProcess");
                        assertThat(failure.hresult()).isEqualTo(HResult.E_INVALIDARG);
                    });
            assertThat(stub.counter(HcsStub.LIVE_PROCESSES)).isZero();
            assertThat(stub.counter(HcsStub.LIVE_PIPES)).isZero();
        }
        finally {
            client.terminate(system);
            client.close(system);
        }
    }

    private OutputTail drain(ProcessHandle process, boolean stdout)
    {
        OutputTail tail = new OutputTail(OutputTail.EXEC_LIMIT);
        client.drain(process, stdout, tail);
        return tail;
    }

    @Test
    void enumerateListsSystemsWithTheirOwner()
    {
        String id = "listed-" + System.nanoTime();
        SystemHandle system = client.createComputeSystem(id, "{\"Owner\":\"berth\"}");
        SystemHandle docker = client.createComputeSystem("docker-" + id, "{\"Owner\":\"docker\"}");
        try {
            assertThat(client.enumerate("{\"Types\":[\"Container\"]}")).contains("\"Id\":\"" + id + "\",\"SystemType\":\"Container\",\"Owner\":\"berth\"")
                    .contains("docker-" + id);
            assertThat(client.enumerate("{\"Types\":[\"Container\"],\"Owners\":[\"berth\"]}")).contains(id).doesNotContain("docker-" + id);
        }
        finally {
            client.terminate(system);
            client.close(system);
            client.terminate(docker);
            client.close(docker);
        }
        assertThat(stub.documents("HcsEnumerateComputeSystems")).containsExactly("{\"Types\":[\"Container\"]}",
                "{\"Types\":[\"Container\"],\"Owners\":[\"berth\"]}");
    }

    @Test
    void terminatingAStoppedSystemIsAlreadyStopped()
    {
        SystemHandle system = client.createComputeSystem("twice-" + System.nanoTime(), "{}");
        try {
            client.start(system);
            client.terminate(system);
            assertThatThrownBy(() -> client.terminate(system)).isInstanceOfSatisfying(HcsCallFailed.class,
                    failure -> assertThat(failure.hresult().is(HResult.HCS_E_SYSTEM_ALREADY_STOPPED)).isTrue());
        }
        finally {
            client.close(system);
        }
    }

    @Test
    void aSystemThatAskedForItEndsWithItsLastHandle()
    {
        String id = "last-handle-" + System.nanoTime();
        SystemHandle system = client.createComputeSystem(id, "{\"Owner\":\"berth\",\"ShouldTerminateOnLastHandleClosed\":true}");
        client.start(system);
        client.close(system);
        assertThatThrownBy(() -> client.openComputeSystem(id)).isInstanceOfSatisfying(HcsCallFailed.class,
                failure -> assertThat(failure.hresult().isWin32(HResult.ERROR_NOT_FOUND)).isTrue());
    }
}

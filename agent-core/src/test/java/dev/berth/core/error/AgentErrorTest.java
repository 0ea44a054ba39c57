package dev.berth.core.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentErrorTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Arguments> variants()
    {
        return Stream.of(
                Arguments.of(new NotFound("web.1", "no such container"), "Container 'web.1' not found: no such container", Stage.OTHER),
                Arguments.of(new PullFailed("busybox:1", "digest mismatch"), "Failed to pull image 'busybox:1': digest mismatch", Stage.IMAGE),
                Arguments.of(new CreateFailed("web.1", "bad rootfs"), "Failed to create container 'web.1': bad rootfs", Stage.CREATE),
                Arguments.of(new StartFailed("web.1", "exec format error"), "Failed to start container 'web.1': exec format error", Stage.CREATE),
                Arguments.of(new UnexpectedExit("web.1", 137), "Container 'web.1' exited unexpectedly with code 137", Stage.OTHER),
                Arguments.of(new HealthCheckFailed("web.1", "connection refused"), "Health check failed for 'web.1': connection refused", Stage.OTHER),
                Arguments.of(new InitActionFailed("web.1", "exit 1"), "Init action failed for 'web.1': exit 1", Stage.OTHER),
                Arguments.of(new Timeout(Duration.ofSeconds(30)), "Timeout after 30s", Stage.OTHER),
                Arguments.of(new DependencyTimeout("web", "db", "healthy", Duration.ofSeconds(90)),
                        "Dependency timeout: 'web' waiting for 'db' (healthy) after 1m30s", Stage.OTHER),
                Arguments.of(new InvalidSpec("resources.memory: \"12XB\" is not a size"), "Invalid spec: resources.memory: \"12XB\" is not a size", Stage.CONFIG),
                Arguments.of(new Network("bridge plugin failed"), "Network error: bridge plugin failed", Stage.NETWORK),
                Arguments.of(new Configuration("runtime.youki.binary: missing"), "Configuration error: runtime.youki.binary: missing", Stage.CONFIG),
                Arguments.of(new Internal("broken invariant"), "Internal error: broken invariant", Stage.OTHER),
                Arguments.of(new Unsupported("exec"), "Operation not supported by this runtime: exec", Stage.CONFIG),
                Arguments.of(new WslGpuUnavailable("/dev/dxg is missing"), "GPU requested but WSL2 GPU support not available on this host: /dev/dxg is missing", Stage.MOUNT),
                Arguments.of(new GpuSharingUnavailable("mps", "no pipe"), "GPU sharing mode 'mps' is unavailable: no pipe", Stage.MOUNT),
                Arguments.of(new RouteToPeer("web", "windows", "linux node"), "route-to-peer: service 'web' requires OS 'windows' on another node: linux node", Stage.OTHER),
                Arguments.of(new WrongPlatform("hcs", "windows", "linux", "busybox:1"),
                        "wrong-platform: hcs runtime cannot handle image 'busybox:1' (expected os=windows, got os=linux)", Stage.IMAGE),
                Arguments.of(new StorageFull("/var/lib/berth/state.db", "the disk is full"), "No space left for '/var/lib/berth/state.db': the disk is full",
                        Stage.OTHER));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void messageAndStage(AgentError error, String message, Stage stage)
    {
        assertThat(error.getMessage()).isEqualTo(message);
        assertThat(error.stage()).isEqualTo(stage);
        assertThat(error.stage()).isEqualTo(error.code().stage());
    }

    @Test
    void anArchitectureMismatchKeepsItsDimensionOnTheWire()
            throws IOException
    {
        WrongPlatform arch = new WrongPlatform("youki", WrongPlatform.ARCH, "amd64", "arm64", "app:1", "linux", "no emulation");
        assertThat(arch.getMessage()).isEqualTo("wrong-platform: image 'app:1' is built for architecture arm64 and this node is amd64 "
                + "(checked by youki): no emulation");
        wireRoundTrip(arch);
        WrongPlatform decoded = (WrongPlatform) ErrorWire.decode(MAPPER.readTree(MAPPER.writeValueAsString(ErrorWire.encode(arch, MAPPER))));
        assertThat(decoded.dimension()).isEqualTo(WrongPlatform.ARCH);
        assertThat(decoded.imageOs()).isEqualTo("linux");
    }

    @ParameterizedTest
    @MethodSource("variants")
    void wireRoundTrip(AgentError error)
            throws IOException
    {
        ObjectNode wire = ErrorWire.encode(error, MAPPER);
        JsonNode reparsed = MAPPER.readTree(MAPPER.writeValueAsString(wire));
        AgentError decoded = ErrorWire.decode(reparsed);
        assertThat(decoded.getClass()).isEqualTo(error.getClass());
        assertThat(decoded.getMessage()).isEqualTo(error.getMessage());
        assertThat(decoded.fields()).isEqualTo(error.fields());
        assertThat(decoded.code()).isEqualTo(error.code());
        assertThat(reparsed.get("code").asText()).isEqualTo(error.code().name());
        assertThat(reparsed.get("number").asInt()).isEqualTo(error.code().number());
        assertThat(reparsed.get("stage").asText()).isEqualTo(error.stage().wireName());
        assertThat(reparsed.get("placement").asBoolean()).isEqualTo(error.isPlacementSignal());
    }

    @Test
    void everyCodeHasAVariantInTheTable()
    {
        Set<ErrorCode> covered = variants().map(arguments -> ((AgentError) arguments.get()[0]).code()).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(ErrorCode.values());
    }

    @Test
    void codeNumbersAreUnique()
    {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::number).distinct().count()).isEqualTo(ErrorCode.values().length);
    }

    @Test
    void onlyRouteToPeerAndWrongPlatformAreSignals()
    {
        List<AgentError> signals = variants().map(arguments -> (AgentError) arguments.get()[0]).filter(AgentError::isPlacementSignal).toList();
        assertThat(signals).hasSize(2).allMatch(error -> error instanceof PlacementSignal);
        assertThat(signals).extracting(AgentError::code).containsExactlyInAnyOrder(ErrorCode.ROUTE_TO_PEER, ErrorCode.WRONG_PLATFORM);
        assertThat(((PlacementSignal) signals.get(0)).asError()).isSameAs(signals.get(0));
        assertThat(new CreateFailed("x", "y")).isNotInstanceOf(PlacementSignal.class);
    }

    @Test
    void errnoComesFromTheCauseChain()
    {
        CreateFailed error = new CreateFailed("web.1", "rootfs", new IllegalStateException("wrapper", new NoSuchFileException("/x")));
        assertThat(error.errno()).hasValue(Errno.ENOENT);
        assertThat(error.getCause().getCause()).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void explicitErrnoWinsOverCause()
    {
        CreateFailed error = new CreateFailed("web.1", "mount", new NoSuchFileException("/x"), Errno.EPERM);
        assertThat(error.errno()).hasValue(Errno.EPERM);
    }

    @Test
    void noErrnoWithoutOne()
    {
        assertThat(new CreateFailed("web.1", "x").errno()).isEmpty();
        assertThat(new CreateFailed("web.1", "x", new RuntimeException("plain")).errno()).isEmpty();
    }

    @Test
    void errnoAndCausesTravelOnTheWire()
    {
        StartFailed error = new StartFailed("web.1", "exec", new java.io.IOException("boom: No space left on device"));
        ObjectNode wire = ErrorWire.encode(error, MAPPER);
        assertThat(wire.get("errno").asInt()).isEqualTo(Errno.ENOSPC);
        assertThat(wire.get("causes").get(0).asText()).isEqualTo("IOException: boom: No space left on device");
        AgentError decoded = ErrorWire.decode(wire);
        assertThat(decoded.errno()).hasValue(Errno.ENOSPC);
        assertThat(decoded.getCause()).hasMessage("IOException: boom: No space left on device");
    }

    @Test
    void decodeNamesTheFieldAtFault()
    {
        ObjectNode node = MAPPER.createObjectNode().put("code", "NO_SUCH_CODE");
        assertThatThrownBy(() -> ErrorWire.decode(node)).hasMessageContaining("code: unknown error code 'NO_SUCH_CODE'");
        ObjectNode missing = MAPPER.createObjectNode().put("code", "CREATE_FAILED");
        missing.putObject("fields").put("id", "x");
        assertThatThrownBy(() -> ErrorWire.decode(missing)).hasMessageContaining("reason");
        ObjectNode badExit = MAPPER.createObjectNode().put("code", "UNEXPECTED_EXIT");
        badExit.putObject("fields").put("id", "x").put("code", "abc");
        assertThatThrownBy(() -> ErrorWire.decode(badExit)).hasMessageContaining("code");
    }

    @Test
    void typedAccessors()
    {
        UnexpectedExit exit = new UnexpectedExit("web.1", 3);
        assertThat(exit.exitCode()).isEqualTo(3);
        assertThat(exit.id()).isEqualTo("web.1");
        assertThat(exit.fields()).containsEntry("code", 3);
        DependencyTimeout timeout = new DependencyTimeout("a", "b", "ready", Duration.ofMillis(1500));
        assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(timeout.fields()).containsKeys("service", "dependency", "condition", "timeout");
        assertThat(new RouteToPeer("s", "linux", "r").requiredOs()).isEqualTo("linux");
        assertThat(new WrongPlatform("youki", "linux", "windows", "img").actual()).isEqualTo("windows");
    }

    @Test
    void nullFieldsAreRefused()
    {
        assertThatThrownBy(() -> new CreateFailed(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("id is null");
        assertThatThrownBy(() -> new Timeout(null)).isInstanceOf(NullPointerException.class);
    }
}

package dev.berth.systemtests.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.error.NotFound;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogStream;
import dev.berth.core.spec.OsFamily;
import dev.berth.gpu.inventory.GpuInventory;
import dev.berth.image.ImageService;
import dev.berth.lifecycle.ServiceManager;
import dev.berth.node.api.ApiHandler;
import dev.berth.node.api.ClusterOperations;
import dev.berth.node.api.ContainerEndpoints;
import dev.berth.node.api.ImageEndpoints;
import dev.berth.node.api.Inflight;
import dev.berth.node.api.JsonErrorHandler;
import dev.berth.node.api.NodeEndpoints;
import dev.berth.node.api.ViewJson;
import dev.berth.node.bootstrap.NodeInfo;
import dev.berth.node.client.JsonTrees;
import dev.berth.node.config.ApiLimits;
import dev.berth.node.event.EventHub;
import dev.berth.node.marker.MarkerOutcome;
import dev.berth.node.metrics.AgentMetrics;
import dev.berth.core.text.TerminalText;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the API where a caller controls bytes the agent parses or a container controls bytes the agent passes on.
 * {@link #request}: any request line, path, query and headers, through Jetty and the API's router to endpoints over
 * a node that knows nothing: the answer is never a server failure (500) and every error is the JSON wire form, never
 * HTML. {@link #streamedOutput}: any text a container prints travels in exec and log JSON without breaking the line
 * framing or its bytes, and the CLI's escaping leaves no control character. Bounded: each request has a 5 s answer
 * deadline; each input is at most Jazzer's length limit. Without {@code JAZZER_FUZZ=1} this replays the corpus in
 * {@code src/test/resources/dev/berth/systemtests/fuzz/ApiHttpFuzzTestInputs}.
 */
class ApiHttpFuzzTest
{
    private static final List<String> METHODS = List.of("GET", "POST", "DELETE", "PUT", "HEAD", "OPTIONS", "PATCH");
    private static final LocalConnector CONNECTOR = start();

    private static LocalConnector start()
    {
        ApiLimits limits = new ApiLimits(Duration.ofSeconds(2), Duration.ofSeconds(1), 4, 16, 16, Duration.ofSeconds(1));
        Inflight inflight = new Inflight(limits.maxStreams());
        ServiceManager services = knowsNothing(ServiceManager.class);
        ClusterOperations cluster = knowsNothing(ClusterOperations.class);
        AgentMetrics metrics = new AgentMetrics();
        NodeInfo info = new NodeInfo("fuzz", new HostPlatform(OsFamily.LINUX, "amd64", "6.1", Optional.empty(), false), "fuzz",
                List.of(), Map.of(), 1, 1 << 30, new GpuInventory(List.of(), 0, "none"), Path.of("/nonexistent"),
                Path.of("/nonexistent.sock"), Instant.EPOCH, MarkerOutcome.clean());
        ApiHandler handler = new ApiHandler(new ContainerEndpoints(services, metrics, cluster, inflight),
                new ImageEndpoints(knowsNothing(ImageService.class), services, metrics),
                new NodeEndpoints(info, services, cluster, new EventHub(), metrics, inflight),
                inflight, Optional.empty(), limits);
        Server server = new Server();
        server.setErrorHandler(new JsonErrorHandler());
        LocalConnector connector = new LocalConnector(server);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.setHandler(handler);
        try {
            server.start();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return connector;
    }

    /** An implementation that has nothing: empty lists and answers, NotFound for anything named. */
    @SuppressWarnings("unchecked")
    private static <T> T knowsNothing(Class<T> type)
    {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, arguments) -> {
            Class<?> returned = method.getReturnType();
            if (returned == List.class) {
                return List.of();
            }
            if (returned == Optional.class) {
                return Optional.empty();
            }
            if (returned == boolean.class) {
                return false;
            }
            if (returned == void.class && method.getName().equals("close")) {
                return null;
            }
            throw new NotFound("fuzzed", "this node knows nothing");
        });
    }

    @FuzzTest(maxDuration = "45s")
    void request(FuzzedDataProvider data)
            throws Exception
    {
        String method = data.pickValue(METHODS);
        String target = data.consumeString(300);
        StringBuilder raw = new StringBuilder(method).append(' ').append(target.isEmpty() ? "/" : target).append(" HTTP/1.1\r\nHost: berth\r\n");
        int headers = data.consumeInt(0, 4);
        for (int i = 0; i < headers; i++) {
            raw.append(data.consumeString(40)).append(": ").append(data.consumeString(200)).append("\r\n");
        }
        String body = data.consumeRemainingAsString();
        raw.append("Connection: close\r\nContent-Length: ").append(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body);

        String response = CONNECTOR.getResponse(raw.toString(), 5, TimeUnit.SECONDS);

        if (response == null || response.isEmpty()) {
            return;
        }
        assertThat(response).startsWith("HTTP/1.1 ");
        int status = Integer.parseInt(response.substring(9, 12));
        assertThat(status).as("no request makes the API fail: %s", response).isNotEqualTo(500);
        String content = response.substring(response.indexOf("\r\n\r\n") + 4);
        if (status >= 400 && !method.equals("HEAD") && !content.isEmpty()) {
            assertThat(content).doesNotContain("<html");
            assertThat(ViewJson.JSON.readTree(content).path("code").isTextual()).as("an error in the wire form: %s", content).isTrue();
        }
    }

    @FuzzTest(maxDuration = "45s")
    void streamedOutput(FuzzedDataProvider data)
            throws Exception
    {
        String stdout = data.consumeString(2000);
        String stderr = data.consumeString(500);
        long dropped = data.consumeLong() & Long.MAX_VALUE;
        String text = data.consumeRemainingAsString();

        String logLine = ViewJson.log(new LogLine(Instant.EPOCH, LogStream.STDOUT, text)).toString();
        assertThat(logLine).as("a line of the log stream is one line").doesNotContain("\n").doesNotContain("\r");
        assertThat(JsonTrees.read(logLine).path("text").asText()).isEqualTo(text);

        JsonNode exec = JsonTrees.read(ViewJson.exec(new ExecResult(0, stdout, stderr, dropped, 0)).toString());
        assertThat(exec.path("stdout").asText()).isEqualTo(stdout);
        assertThat(exec.path("stderr").asText()).isEqualTo(stderr);
        assertThat(exec.path("stdoutDropped").asLong()).isEqualTo(dropped);

        for (char c : TerminalText.escapeLine(text).toCharArray()) {
            assertThat(TerminalText.isEscaped(c, false)).as("a control character left for the terminal").isFalse();
        }
    }
}

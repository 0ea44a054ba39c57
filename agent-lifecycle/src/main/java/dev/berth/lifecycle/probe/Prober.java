package dev.berth.lifecycle.probe;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.error.AgentError;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.OutputTail;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.PortSpec;
import dev.berth.core.spec.ServiceSpec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs TCP, HTTP and exec probes for health checks, init steps and the {@code ready} condition. A port is probed
 * from the host when it is reachable there (host network, a published port, or an explicit host); otherwise the
 * probe runs inside the container with busybox-style {@code nc}/{@code wget}, since the container's own network
 * namespace is not reachable from the agent.
 */
public final class Prober
{
    private static final Pattern HTTP_STATUS = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})");
    /** How much of a failing command's output a probe's reason shows. */
    static final int SHOWN_CHARS = 200;

    private final CompositeRuntime runtime;

    public Prober(CompositeRuntime runtime)
    {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    public ProbeResult tcp(String id, ServiceSpec spec, String host, int port, Duration timeout)
    {
        Optional<InetSocketAddress> address = hostSide(spec, host, port);
        if (address.isEmpty()) {
            return exec(id, List.of("sh", "-c", "nc -w " + seconds(timeout) + " 127.0.0.1 " + port + " </dev/null"), timeout)
                    .passed() ? ProbeResult.pass("port " + port + " accepts connections")
                    : ProbeResult.fail("nothing accepts connections on port " + port + " inside the container");
        }
        try (Socket socket = new Socket()) {
            socket.connect(address.get(), (int) Math.max(1, timeout.toMillis()));
            return ProbeResult.pass(describe(address.get()) + " accepts connections");
        }
        catch (IOException e) {
            return ProbeResult.fail(describe(address.get()) + ": " + e.getMessage());
        }
    }

    public ProbeResult http(String id, ServiceSpec spec, String host, int port, String path, int expectStatus, Duration timeout)
    {
        String normalizedPath = path.startsWith("/") ? path : "/" + path;
        Optional<InetSocketAddress> address = hostSide(spec, host, port);
        int status;
        if (address.isEmpty()) {
            ExecResult result;
            try {
                // no -T: busybox 1.35's static wget crashes with it; the exec's own timeout bounds the probe
                result = runtime.exec(id, new ExecRequest(List.of("wget", "-S", "-q", "-O", "/dev/null",
                        "http://127.0.0.1:" + port + normalizedPath), Map.of(), "", timeout, OutputTail.PROBE_LIMIT));
            }
            catch (AgentError e) {
                return ProbeResult.fail("http probe inside the container failed: " + e.getMessage());
            }
            Matcher matcher = HTTP_STATUS.matcher(tail(result.stderr()) + tail(result.stdout()));
            String last = null;
            while (matcher.find()) {
                last = matcher.group(1);
            }
            if (last == null) {
                return ProbeResult.fail("no HTTP answer on port " + port + normalizedPath + " inside the container (wget exit "
                        + result.exitCode() + ": " + output(result) + ")");
            }
            status = Integer.parseInt(last);
        }
        else {
            try {
                // only the status line is read, never more than the probe's limit: the answer is the container's
                status = BoundedHttp.status(address.get(), normalizedPath, timeout, OutputTail.PROBE_LIMIT);
            }
            catch (IOException e) {
                return ProbeResult.fail("http://" + describe(address.get()) + normalizedPath + ": " + e.getMessage());
            }
        }
        return status == expectStatus
                ? ProbeResult.pass("status " + status)
                : ProbeResult.fail("status " + status + " on port " + port + normalizedPath + ", expected " + expectStatus);
    }

    public ProbeResult exec(String id, List<String> command, Duration timeout)
    {
        try {
            ExecResult result = runtime.exec(id, new ExecRequest(command, Map.of(), "", timeout, OutputTail.PROBE_LIMIT));
            String output = output(result);
            return result.exitCode() == 0
                    ? ProbeResult.pass("exit 0")
                    : ProbeResult.fail("'" + String.join(" ", command) + "' exited " + result.exitCode() + (output.isEmpty() ? "" : ": " + output));
        }
        catch (AgentError e) {
            return ProbeResult.fail("'" + String.join(" ", command) + "' could not run: " + e.getMessage());
        }
    }

    /**
     * What a probe shows of a command's output: the last {@value #SHOWN_CHARS} characters of stdout and stderr, saying how
     * much went before them. The backend keeps {@link OutputTail#PROBE_LIMIT} bytes of each stream; a backend that kept
     * more is cut here, so a probe printing a growing file costs the agent a bounded amount, however often it runs.
     */
    static String output(ExecResult result)
    {
        String kept = (tail(result.stdout()) + tail(result.stderr())).strip();
        long dropped = result.stdoutDropped() + result.stderrDropped() + Math.max(0, result.stdout().length() - OutputTail.PROBE_LIMIT)
                + Math.max(0, result.stderr().length() - OutputTail.PROBE_LIMIT);
        if (kept.length() > SHOWN_CHARS) {
            dropped += kept.length() - SHOWN_CHARS;
            kept = kept.substring(kept.length() - SHOWN_CHARS);
        }
        return dropped == 0 ? kept : "[" + dropped + " earlier bytes of output not kept] " + kept;
    }

    private static String tail(String text)
    {
        return text.length() <= OutputTail.PROBE_LIMIT ? text : text.substring(text.length() - OutputTail.PROBE_LIMIT);
    }

    /** The address to probe from the host, when the port is reachable there. */
    static Optional<InetSocketAddress> hostSide(ServiceSpec spec, String host, int port)
    {
        if (!host.isEmpty() && !host.equals("localhost") && !host.equals("127.0.0.1")) {
            return Optional.of(new InetSocketAddress(host, port));
        }
        if (spec.network() == NetworkMode.HOST) {
            return Optional.of(new InetSocketAddress("127.0.0.1", port));
        }
        for (PortSpec published : spec.ports()) {
            if (published.published() && published.containerPort() == port && !published.protocol().equalsIgnoreCase("udp")) {
                String hostIp = published.hostIp().isEmpty() || published.hostIp().equals("0.0.0.0") ? "127.0.0.1" : published.hostIp();
                return Optional.of(new InetSocketAddress(hostIp, published.hostPort()));
            }
        }
        return Optional.empty();
    }

    private static String seconds(Duration timeout)
    {
        return String.valueOf(Math.max(1, (timeout.toMillis() + 999) / 1000));
    }

    private static String describe(InetSocketAddress address)
    {
        return address.getHostString() + ":" + address.getPort();
    }
}

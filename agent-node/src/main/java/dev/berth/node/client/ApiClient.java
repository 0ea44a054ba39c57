package dev.berth.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The CLI's view of the local API: JSON in, JSON out, errors as {@link ApiException}. JSON goes through
 * {@link JsonTrees}, so a client command never sets up an {@code ObjectMapper}.
 */
public final class ApiClient
{
    public static final Path DEFAULT_SOCKET = Path.of("/run/berth/berth.sock");
    /** The agent's limit on a request body (its {@code Exchange.MAX_BODY_BYTES}), checked here before sending. */
    public static final int MAX_BODY_BYTES = 4 << 20;
    /**
     * The most of one answer the CLI reads (it runs in a 64 MiB heap): room for an exec's two 1 MiB output tails even
     * when every byte is a JSON escape.
     */
    public static final int MAX_RESPONSE_BYTES = 16 << 20;
    /** The most of one line of a stream (a log line, an event) the CLI reads. */
    public static final int MAX_LINE_BYTES = 8 << 20;
    private static final int MAX_ERROR_BYTES = 1 << 20;

    private final UnixHttpClient http;

    public ApiClient(Path socket)
    {
        this.http = new UnixHttpClient(requireNonNull(socket, "socket is null"));
    }

    /** {@code --socket}, else {@code BERTH_SOCKET}, else the default socket. */
    public static Path resolveSocket(Path option)
    {
        if (option != null) {
            return option;
        }
        String env = System.getenv("BERTH_SOCKET");
        return env != null && !env.isBlank() ? Path.of(env) : DEFAULT_SOCKET;
    }

    public static String encode(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public Path socket()
    {
        return http.socket();
    }

    public JsonNode get(String target)
    {
        return call("GET", target, null, null);
    }

    public JsonNode post(String target, JsonNode body)
    {
        return call("POST", target, "application/json", body == null ? null : JsonTrees.write(body).getBytes(StandardCharsets.UTF_8));
    }

    public JsonNode postText(String target, String body)
    {
        return call("POST", target, "application/yaml", body.getBytes(StandardCharsets.UTF_8));
    }

    public JsonNode delete(String target)
    {
        return call("DELETE", target, null, null);
    }

    private JsonNode call(String method, String target, String contentType, byte[] body)
    {
        try (HttpResponse response = open(method, target, contentType, body)) {
            if (response.status() >= 400) {
                throw error(response);
            }
            // parsed as it arrives, never held whole as text: an exec's output tails are up to 2 MiB before escaping
            JsonNode node = JsonTrees.read(response.body(MAX_RESPONSE_BYTES));
            return node.isMissingNode() ? NullNode.getInstance() : node;
        }
        catch (ResponseTooLarge e) {
            throw tooLarge(method, target, e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams a JSON-lines response, handing each line to {@code consumer} until it returns false or the stream ends.
     */
    public void stream(String method, String target, JsonNode body, Predicate<JsonNode> consumer)
    {
        byte[] bytes = body == null ? null : JsonTrees.write(body).getBytes(StandardCharsets.UTF_8);
        try (HttpResponse response = open(method, target, bytes == null ? null : "application/json", bytes)) {
            if (response.status() >= 400) {
                throw error(response);
            }
            // a blank line is the agent's heartbeat on a silent stream
            for (String line = response.readLine(MAX_LINE_BYTES); line != null; line = response.readLine(MAX_LINE_BYTES)) {
                if (!line.isBlank() && !consumer.test(JsonTrees.read(line))) {
                    return;
                }
            }
        }
        catch (ResponseTooLarge e) {
            throw tooLarge(method, target, e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiException error(HttpResponse response)
            throws IOException
    {
        String text = response.bodyText(MAX_ERROR_BYTES);
        JsonNode node = text.isBlank() ? JsonTrees.object() : read(text);
        return new ApiException(response.status(), node.isObject() ? node : JsonTrees.object().put("message", text));
    }

    private static JsonNode read(String text)
    {
        try {
            return JsonTrees.read(text);
        }
        catch (IOException e) {
            return JsonTrees.object().put("message", text);
        }
    }

    private static ApiException tooLarge(String method, String target, ResponseTooLarge e)
    {
        return new ApiException(0, JsonTrees.object().put("code", "INTERNAL").put("message", method + " " + target + ": " + e.getMessage()));
    }

    private HttpResponse open(String method, String target, String contentType, byte[] body)
    {
        if (body != null && body.length > MAX_BODY_BYTES) {
            // the agent would refuse it before reading it, and close the connection under the write
            throw new ApiException(413, JsonTrees.object().put("code", "INVALID_SPEC")
                    .put("message", "request body is " + body.length + " bytes, over the agent's limit of " + MAX_BODY_BYTES + " bytes"));
        }
        try {
            return http.send(method, target, contentType, body);
        }
        catch (IOException e) {
            throw new AgentUnreachable(http.socket(), e);
        }
    }
}

package dev.berth.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.spec.SpecParser;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One API request and its response, with blocking helpers over Jetty's core API. */
public final class Exchange
{
    /** Room for the largest spec document in multi-byte UTF-8; nothing the API takes is larger. The CLI checks it too. */
    public static final int MAX_BODY_BYTES = 4 * SpecParser.MAX_DOCUMENT_CHARS;

    private final Request request;
    private final Response response;
    private final List<String> segments;
    private final byte[] body;
    private final Duration heartbeat;
    private Fields query;

    /** @param body the request's body, already read whole (within {@link #MAX_BODY_BYTES}) */
    Exchange(Request request, Response response, byte[] body, Duration heartbeat)
    {
        this.request = requireNonNull(request, "request is null");
        this.response = requireNonNull(response, "response is null");
        this.body = requireNonNull(body, "body is null");
        this.heartbeat = requireNonNull(heartbeat, "heartbeat is null");
        String path = request.getHttpURI().getDecodedPath();
        this.segments = java.util.Arrays.stream(path.split("/")).filter(part -> !part.isEmpty()).toList();
    }

    public String method()
    {
        return request.getMethod();
    }

    /** The decoded path's segments: {@code /v1/containers/web} is {@code [v1, containers, web]}. */
    public List<String> segments()
    {
        return segments;
    }

    public Optional<String> query(String name)
    {
        if (query == null) {
            query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        }
        return Optional.ofNullable(query.getValue(name));
    }

    public boolean flag(String name)
    {
        return query(name).map(value -> value.isEmpty() || value.equals("true") || value.equals("1")).orElse(false);
    }

    public String header(String name)
    {
        return request.getHeaders().get(name);
    }

    /** The request body as text (its size was bounded by {@link #MAX_BODY_BYTES} as it was read). */
    public String body()
    {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Answers with {@code Connection: close}, for a request whose body is left unread: a client that sent its next
     * request on the same connection would otherwise meet a connection the server closes under it (no bytes).
     */
    public void closeAfterResponse()
    {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    static InvalidSpec tooLarge(String size)
    {
        return new InvalidSpec("request body is " + size + ", over the API's limit of " + MAX_BODY_BYTES + " bytes (a spec document is at most "
                + SpecParser.MAX_DOCUMENT_CHARS + " characters)");
    }

    /** The body as a JSON object. @throws InvalidSpec when it is not one */
    public JsonNode jsonBody()
    {
        String text = body();
        try {
            JsonNode node = ViewJson.JSON.readTree(text.isBlank() ? "{}" : text);
            if (!node.isObject()) {
                throw new InvalidSpec("request body must be a JSON object");
            }
            return node;
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidSpec("request body is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public void json(int status, JsonNode node)
    {
        send(status, "application/json", node.toString() + "\n");
    }

    public void text(int status, String contentType, String text)
    {
        send(status, contentType, text);
    }

    public void noContent()
    {
        response.setStatus(204);
    }

    private void send(int status, String contentType, String text)
    {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write(bytes);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a stream of JSON lines (chunked); each line is flushed as written, and silence is broken by heartbeats. */
    public JsonLines stream(int status)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-ndjson");
        return new JsonLines(response, request.getComponents().getScheduler(), heartbeat);
    }

    public Response response()
    {
        return response;
    }

    public Request request()
    {
        return request;
    }
}

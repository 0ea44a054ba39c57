package dev.berth.node.api;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.Configuration;
import dev.berth.core.error.ErrorWire;
import dev.berth.core.error.Internal;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.NotFound;
import dev.berth.node.config.ApiLimits;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The local API's front door: authenticates TCP requests, refuses new work while stopping, routes to the
 * endpoints, and turns every failure into the AgentError wire form with its HTTP status.
 */
public final class ApiHandler
        extends Handler.Abstract
{
    private static final Logger log = LogManager.getLogger(ApiHandler.class);
    public static final String TCP_CONNECTOR = "tcp";

    private final ContainerEndpoints containers;
    private final ImageEndpoints images;
    private final NodeEndpoints node;
    private final Inflight inflight;
    private final Optional<byte[]> token;
    private final ApiLimits limits;

    public ApiHandler(ContainerEndpoints containers, ImageEndpoints images, NodeEndpoints node, Inflight inflight, Optional<String> token, ApiLimits limits)
    {
        this.containers = requireNonNull(containers, "containers is null");
        this.images = requireNonNull(images, "images is null");
        this.node = requireNonNull(node, "node is null");
        this.inflight = requireNonNull(inflight, "inflight is null");
        this.token = requireNonNull(token, "token is null").map(value -> ("Bearer " + value).getBytes(StandardCharsets.UTF_8));
        this.limits = requireNonNull(limits, "limits is null");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        if (TCP_CONNECTOR.equals(request.getConnectionMetaData().getConnector().getName())) {
            if (!authorized(request.getHeaders().get("Authorization"))) {
                // Nothing runs for an unauthenticated TCP request, and its body is not read
                Exchange exchange = new Exchange(request, response, new byte[0], limits.heartbeat());
                exchange.closeAfterResponse();
                answer(exchange, 401, new Configuration("missing or wrong bearer token"), callback);
                return true;
            }
            // the short idle timeout of the TCP port holds only until a client has shown the token
            request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(limits.idleTimeout().toMillis());
        }
        // The idle timeout ends reads and writes a client leaves waiting; an operation that runs long (a deploy, a wait)
        // without I/O is not idle.
        request.addIdleTimeoutListener(timeout -> false);
        if (!hasBody(request)) {
            serve(request, response, callback, new byte[0]);
            return true;
        }
        if (request.getLength() > Exchange.MAX_BODY_BYTES) {
            Exchange exchange = new Exchange(request, response, new byte[0], limits.heartbeat());
            exchange.closeAfterResponse();
            answer(exchange, 400, Exchange.tooLarge(request.getLength() + " bytes"), callback);
            return true;
        }
        BodyReader.read(request, Exchange.MAX_BODY_BYTES).whenCompleteAsync((body, failure) -> {
            if (failure == null && body.isPresent()) {
                serve(request, response, callback, body.get());
                return;
            }
            Exchange exchange = new Exchange(request, response, new byte[0], limits.heartbeat());
            exchange.closeAfterResponse();
            AgentError error = failure == null
                    ? Exchange.tooLarge("over " + Exchange.MAX_BODY_BYTES + " bytes")
                    : new InvalidSpec("the request body could not be read: " + Optional.ofNullable(failure.getMessage()).orElse(failure.toString()), failure);
            answer(exchange, 400, error, callback);
        }, request.getComponents().getThreadPool());
        return true;
    }

    private static boolean hasBody(Request request)
    {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private void serve(Request request, Response response, Callback callback, byte[] body)
    {
        Exchange exchange = new Exchange(request, response, body, limits.heartbeat());
        try {
            if (!inflight.enter()) {
                answer(exchange, 503, new Internal("the agent is stopping and takes no new requests"), callback);
                return;
            }
            try {
                route(exchange);
            }
            finally {
                inflight.exit();
            }
            callback.succeeded();
        }
        catch (AgentError error) {
            fail(exchange, error, callback);
        }
        catch (Conflict e) {
            answer(exchange, 409, e.error(), callback);
        }
        catch (Overloaded e) {
            answer(exchange, 503, new Internal(e.getMessage(), e), callback);
        }
        catch (IllegalArgumentException e) {
            fail(exchange, new InvalidSpec(e.getMessage() == null ? e.toString() : e.getMessage(), e), callback);
        }
        catch (RuntimeException | LinkageError | StackOverflowError e) {
            log.error("API {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            fail(exchange, new Internal("unexpected failure: " + e, e), callback);
        }
    }

    private static void answer(Exchange exchange, int status, AgentError error, Callback callback)
    {
        try {
            exchange.json(status, ErrorWire.encode(error, ViewJson.JSON));
            callback.succeeded();
        }
        catch (RuntimeException e) {
            callback.failed(e);
        }
    }

    private boolean authorized(String header)
    {
        if (token.isEmpty() || header == null) {
            return false;
        }
        return MessageDigest.isEqual(token.get(), header.getBytes(StandardCharsets.UTF_8));
    }

    private void fail(Exchange exchange, AgentError error, Callback callback)
    {
        if (exchange.response().isCommitted()) {
            // A stream already started: the error travels as its last line (written by the endpoint).
            callback.failed(error);
            return;
        }
        try {
            exchange.json(HttpStatus.of(error.code()), ErrorWire.encode(error, ViewJson.JSON));
            callback.succeeded();
        }
        catch (RuntimeException e) {
            callback.failed(e);
        }
    }

    private void route(Exchange exchange)
    {
        List<String> path = exchange.segments();
        String method = exchange.method();
        if (path.equals(List.of("metrics")) && method.equals("GET")) {
            node.metrics(exchange);
            return;
        }
        if (path.isEmpty() || !path.get(0).equals("v1")) {
            throw NotFound.unknownEndpoint(method, "/" + String.join("/", path));
        }
        List<String> rest = path.subList(1, path.size());
        String head = rest.isEmpty() ? "" : rest.get(0);
        boolean handled = switch (head) {
            case "containers" -> containers.handle(method, rest, exchange);
            case "services", "deploy" -> containers.handleServices(method, rest, exchange);
            case "images" -> images.handle(method, rest, exchange);
            case "ping", "node", "cluster", "events" -> node.handle(method, rest, exchange);
            default -> false;
        };
        if (!handled) {
            throw NotFound.unknownEndpoint(method, "/" + String.join("/", path));
        }
    }
}

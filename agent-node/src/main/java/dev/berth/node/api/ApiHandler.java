package dev.berth.node.api;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.Configuration;
import dev.berth.core.error.ErrorWire;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
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

    public ApiHandler(ContainerEndpoints containers, ImageEndpoints images, NodeEndpoints node, Inflight inflight, Optional<String> token)
    {
        this.containers = requireNonNull(containers, "containers is null");
        this.images = requireNonNull(images, "images is null");
        this.node = requireNonNull(node, "node is null");
        this.inflight = requireNonNull(inflight, "inflight is null");
        this.token = requireNonNull(token, "token is null").map(value -> ("Bearer " + value).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        Exchange exchange = new Exchange(request, response);
        try {
            if (TCP_CONNECTOR.equals(request.getConnectionMetaData().getConnector().getName()) && !authorized(exchange)) {
                // Nothing runs for an unauthenticated TCP request, and its body is not read
                exchange.closeAfterResponse();
                exchange.json(401, ErrorWire.encode(new Configuration("missing or wrong bearer token"), ViewJson.JSON));
                callback.succeeded();
                return true;
            }
            if (!inflight.enter()) {
                exchange.json(503, ErrorWire.encode(new Internal("the agent is stopping and takes no new requests"), ViewJson.JSON));
                callback.succeeded();
                return true;
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
        catch (IllegalArgumentException e) {
            fail(exchange, new dev.berth.core.error.InvalidSpec(e.getMessage() == null ? e.toString() : e.getMessage(), e), callback);
        }
        catch (RuntimeException | LinkageError e) {
            log.error("API {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            fail(exchange, new Internal("unexpected failure: " + e, e), callback);
        }
        return true;
    }

    private boolean authorized(Exchange exchange)
    {
        String header = exchange.header("Authorization");
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
            throw new NotFound(String.join("/", path), "no such API endpoint", null, null);
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
            throw new NotFound("/" + String.join("/", path), "no API endpoint " + method + " /" + String.join("/", path));
        }
    }
}

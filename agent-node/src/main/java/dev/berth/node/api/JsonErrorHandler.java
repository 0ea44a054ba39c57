package dev.berth.node.api;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.ErrorWire;
import dev.berth.core.error.Internal;
import dev.berth.core.error.InvalidSpec;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Every error Jetty answers by itself (a request it cannot parse, a failure that escaped the handler) in the API's JSON
 * wire form, never as an HTML page: a client reads one error form whatever went wrong.
 */
public final class JsonErrorHandler
        extends ErrorHandler
{
    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : 500;
        String message = request.getAttribute(ERROR_MESSAGE) instanceof String text ? text : null;
        Throwable cause = request.getAttribute(ERROR_EXCEPTION) instanceof Throwable thrown ? thrown : null;
        byte[] body = body(status, message, cause);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields)
    {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason, null));
    }

    static byte[] body(int status, String message, Throwable cause)
    {
        String what = message != null ? message : cause != null ? cause.toString() : "HTTP " + status;
        AgentError error = cause instanceof AgentError agentError ? agentError
                : status >= 400 && status < 500 ? new InvalidSpec("bad HTTP request (" + status + "): " + what)
                : new Internal("the API failed to answer (" + status + "): " + what);
        return (ErrorWire.encode(error, ViewJson.JSON).toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}

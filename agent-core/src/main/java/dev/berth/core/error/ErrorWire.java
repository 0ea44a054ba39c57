package dev.berth.core.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.unit.HumanDurations;

import java.time.Duration;
import java.util.Map;

/**
 * The stable JSON wire form of an {@link AgentError}, used by the API, the CLI and the scheduler bridge:
 * <pre>{"code":"CREATE_FAILED","number":3,"type":"EXTERNAL","stage":"create","placement":false,
 *  "message":"Failed to create container 'web': ...","errno":2,"fields":{"id":"web","reason":"..."},
 *  "causes":["..."]}</pre>
 * Durations travel in their human form ({@code 30s}). Decoding rebuilds the same variant with the same fields
 * and errno; the cause chain travels as text in {@code causes}.
 */
public final class ErrorWire
{
    private ErrorWire() {}

    public static ObjectNode encode(AgentError error, ObjectMapper mapper)
    {
        ObjectNode node = mapper.createObjectNode();
        node.put("code", error.code().name());
        node.put("number", error.code().number());
        node.put("type", error.code().type().name());
        node.put("stage", error.stage().wireName());
        node.put("placement", error.isPlacementSignal());
        node.put("message", error.getMessage());
        error.errno().ifPresent(errno -> node.put("errno", errno));
        ObjectNode fields = node.putObject("fields");
        for (Map.Entry<String, Object> field : error.fields().entrySet()) {
            Object value = field.getValue();
            if (value instanceof Duration duration) {
                fields.put(field.getKey(), HumanDurations.format(duration));
            }
            else if (value instanceof Integer number) {
                fields.put(field.getKey(), number);
            }
            else {
                fields.put(field.getKey(), String.valueOf(value));
            }
        }
        ArrayNode causes = node.putArray("causes");
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            // a remote cause's text already names the type it was
            causes.add(cause instanceof RemoteCause ? cause.getMessage() : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        return node;
    }

    /**
     * @throws IllegalArgumentException when the node is not a wire-form error, naming the field at fault
     */
    public static AgentError decode(JsonNode node)
    {
        RemoteCause cause = node.path("causes").isArray() && !node.path("causes").isEmpty()
                ? new RemoteCause(node.path("causes").get(0).asText())
                : null;
        return decode(node, cause);
    }

    /** As {@link #decode(JsonNode)}, with {@code cause} as the cause chain instead of the one in {@code causes}. */
    static AgentError decode(JsonNode node, Throwable cause)
    {
        String codeName = text(node, "code");
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(codeName);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("code: unknown error code '" + codeName + "'");
        }
        JsonNode fields = node.path("fields");
        Integer errno = node.hasNonNull("errno") ? node.get("errno").asInt() : null;
        return switch (code) {
            case NOT_FOUND -> new NotFound(text(fields, "container"), text(fields, "reason"), cause, errno);
            case PULL_FAILED -> new PullFailed(text(fields, "image"), text(fields, "reason"), cause, errno);
            case CREATE_FAILED -> new CreateFailed(text(fields, "id"), text(fields, "reason"), cause, errno);
            case START_FAILED -> new StartFailed(text(fields, "id"), text(fields, "reason"), cause, errno);
            case UNEXPECTED_EXIT -> new UnexpectedExit(text(fields, "id"), integer(fields, "code"), cause, errno);
            case HEALTH_CHECK_FAILED -> new HealthCheckFailed(text(fields, "id"), text(fields, "reason"), cause, errno);
            case INIT_ACTION_FAILED -> new InitActionFailed(text(fields, "id"), text(fields, "reason"), cause, errno);
            case TIMEOUT -> new Timeout(duration(fields, "timeout"), cause, errno);
            case DEPENDENCY_TIMEOUT -> new DependencyTimeout(text(fields, "service"), text(fields, "dependency"),
                    text(fields, "condition"), duration(fields, "timeout"), cause, errno);
            case INVALID_SPEC -> new InvalidSpec(text(fields, "message"), cause, errno);
            case NETWORK -> new Network(text(fields, "message"), cause, errno);
            case CONFIGURATION -> new Configuration(text(fields, "message"), cause, errno);
            case INTERNAL -> new Internal(text(fields, "message"), cause, errno);
            case UNSUPPORTED -> new Unsupported(text(fields, "message"), cause, errno);
            case WSL_GPU_UNAVAILABLE -> new WslGpuUnavailable(text(fields, "reason"), cause, errno);
            case GPU_SHARING_UNAVAILABLE -> new GpuSharingUnavailable(text(fields, "mode"), text(fields, "reason"), cause, errno);
            case ROUTE_TO_PEER -> new RouteToPeer(text(fields, "service"), text(fields, "requiredOs"), text(fields, "reason"), cause, errno);
            case WRONG_PLATFORM -> fields.has("dimension")
                    ? new WrongPlatform(text(fields, "runtime"), text(fields, "dimension"), text(fields, "expected"), text(fields, "actual"),
                            text(fields, "image"), text(fields, "imageOs"), text(fields, "detail"), cause, errno)
                    : new WrongPlatform(text(fields, "runtime"), text(fields, "expected"), text(fields, "actual"), text(fields, "image"), cause,
                            errno);
            case STORAGE_FULL -> new StorageFull(text(fields, "path"), text(fields, "reason"), cause, errno);
        };
    }

    private static String text(JsonNode node, String name)
    {
        JsonNode value = node.get(name);
        if (value == null || !value.isValueNode() || value.isNull()) {
            throw new IllegalArgumentException(name + ": missing from wire-form error");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String name)
    {
        JsonNode value = node.get(name);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException(name + ": missing or not an integer in wire-form error");
        }
        return value.asInt();
    }

    private static Duration duration(JsonNode node, String name)
    {
        return HumanDurations.parse(text(node, name));
    }

    /** A cause that arrived as text from another process. */
    public static final class RemoteCause
            extends RuntimeException
    {
        public RemoteCause(String message)
        {
            this(message, null);
        }

        /** @param message the cause as text, {@code Type: message} */
        public RemoteCause(String message, Throwable cause)
        {
            super(message, cause, false, false);
        }
    }
}

package dev.berth.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * {@link ApiClient} with an {@code ObjectMapper} beside it, for callers on the agent's full class path (the doctor,
 * tests). Client commands use {@link ApiClient}: loading this class sets up the mapper.
 */
public final class AgentClient
{
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Path DEFAULT_SOCKET = ApiClient.DEFAULT_SOCKET;

    private final ApiClient api;

    public AgentClient(Path socket)
    {
        this.api = new ApiClient(socket);
    }

    /** {@code --socket}, else {@code BERTH_SOCKET}, else the default socket. */
    public static Path resolveSocket(Path option)
    {
        return ApiClient.resolveSocket(option);
    }

    public static String encode(String value)
    {
        return ApiClient.encode(value);
    }

    public static ObjectNode object()
    {
        return JsonTrees.object();
    }

    public Path socket()
    {
        return api.socket();
    }

    public JsonNode get(String target)
    {
        return api.get(target);
    }

    public JsonNode post(String target, JsonNode body)
    {
        return api.post(target, body);
    }

    public JsonNode postText(String target, String body)
    {
        return api.postText(target, body);
    }

    public JsonNode delete(String target)
    {
        return api.delete(target);
    }

    /** As {@link ApiClient#stream}. */
    public void stream(String method, String target, JsonNode body, Predicate<JsonNode> consumer)
    {
        api.stream(method, target, body, consumer);
    }
}

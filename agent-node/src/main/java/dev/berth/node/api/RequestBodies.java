package dev.berth.node.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.core.error.InvalidSpec;

import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies into their records, strictly: a field the record does not have is refused naming it (a run
 * request with {@code resources} was answered 201 and ran with no limits), as is a value of the wrong type.
 */
public final class RequestBodies
{
    private static final ObjectMapper STRICT = JsonMapper.builder(ViewJson.JSON.getFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private RequestBodies() {}

    /** @throws InvalidSpec naming the field at fault and, for an unknown one, the fields {@code what} takes */
    public static <T> T read(JsonNode body, Class<T> type, String what)
    {
        try {
            return STRICT.treeToValue(body, type);
        }
        catch (UnrecognizedPropertyException e) {
            throw new InvalidSpec(path(e, e.getPropertyName()) + ": unknown field of " + what + "; it takes " + known(e.getKnownPropertyIds()), e);
        }
        catch (JsonMappingException e) {
            throw new InvalidSpec(path(e, "(body)") + ": " + e.getOriginalMessage(), e);
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidSpec(what + ": " + e.getMessage(), e);
        }
    }

    private static String path(JsonMappingException e, String fallback)
    {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? fallback : path.toString();
    }

    private static String known(Collection<Object> ids)
    {
        return ids == null ? "no fields" : new TreeSet<>(ids.stream().map(String::valueOf).toList()).stream().collect(Collectors.joining(", "));
    }
}

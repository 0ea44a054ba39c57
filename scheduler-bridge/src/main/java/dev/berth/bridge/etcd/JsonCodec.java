package dev.berth.bridge.etcd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.Internal;
import io.etcd.jetcd.ByteSequence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The JSON form of what the bridge stores in etcd. Unknown fields are ignored, so newer nodes can add some. */
final class JsonCodec
{
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private JsonCodec() {}

    static ByteSequence bytes(String text)
    {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence bytes)
    {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static ByteSequence encode(Object value)
    {
        try {
            return ByteSequence.from(MAPPER.writeValueAsBytes(value));
        }
        catch (JsonProcessingException e) {
            throw new Internal("cannot encode " + value.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    static <T> T decode(ByteSequence bytes, Class<T> type, String key)
    {
        try {
            return MAPPER.readValue(bytes.getBytes(), type);
        }
        catch (IOException e) {
            throw new Internal("etcd key " + key + " does not hold a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}

package dev.berth.node.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text to and from Jackson's tree nodes with jackson-core's streaming parser and generator, without an
 * {@code ObjectMapper}: setting one up was about a third of a client command's start-up.
 * {@code JsonNode.toString()} builds a mapper too, so the CLI writes through {@link #write} instead.
 */
public final class JsonTrees
{
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

    public static ObjectNode object()
    {
        return NODES.objectNode();
    }

    public static ArrayNode array()
    {
        return NODES.arrayNode();
    }

    /** The first JSON value in {@code text}, as a tree; a missing node when there is none. */
    public static JsonNode read(String text)
            throws IOException
    {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            return token == null ? MissingNode.getInstance() : value(parser, token);
        }
    }

    /** The first JSON value in {@code in}, parsed as it is read; a missing node when there is none. */
    public static JsonNode read(java.io.InputStream in)
            throws IOException
    {
        try (JsonParser parser = FACTORY.createParser(in)) {
            JsonToken token = parser.nextToken();
            return token == null ? MissingNode.getInstance() : value(parser, token);
        }
    }

    private static JsonNode value(JsonParser parser, JsonToken token)
            throws IOException
    {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    object.set(name, value(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
                    array.add(value(parser, element));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "unexpected JSON token " + token);
        };
    }

    /** Compact JSON, as {@code JsonNode.toString()} gives it. */
    public static String write(JsonNode node)
    {
        return render(node, false);
    }

    /** Indented JSON, as {@code ObjectMapper.writerWithDefaultPrettyPrinter()} gives it. */
    public static String pretty(JsonNode node)
    {
        return render(node, true);
    }

    private static String render(JsonNode node, boolean pretty)
    {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            if (pretty) {
                generator.useDefaultPrettyPrinter();
            }
            write(generator, node);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator generator, JsonNode node)
            throws IOException
    {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    generator.writeFieldName(field.getKey());
                    write(generator, field.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                if (node.isBigInteger()) {
                    generator.writeNumber(node.bigIntegerValue());
                }
                else if (node.isIntegralNumber()) {
                    generator.writeNumber(node.longValue());
                }
                else if (node.isBigDecimal()) {
                    generator.writeNumber(node.decimalValue());
                }
                else {
                    generator.writeNumber(node.doubleValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL, MISSING -> generator.writeNull();
            case BINARY -> generator.writeBinary(node.binaryValue());
            case POJO -> generator.writeString(node.asText());
        }
    }
}

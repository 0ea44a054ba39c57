package dev.berth.core.yaml;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads YAML (or JSON) into a tree without the silent misreadings of YAML 1.1 that users of specs and config files do
 * not expect. A duplicate key, a second document after {@code ---} and an alias ({@code *name}) are refused, not
 * taken as the last value or dropped. {@code yes}, {@code no}, {@code on} and {@code off} stay words. An unquoted
 * integer whose text YAML would change ({@code 0755} is 493, {@code 0x1F} is 31, {@code 1_000} is 1000) is refused
 * with a hint to quote it. A decimal is text, as written when written plainly ({@code 1.10} is "1.10", not 1.1) and
 * else as Java prints the number ({@code .5} is "0.5"): every field that takes a decimal (a CPU quantity) reads text.
 */
public final class StrictYaml
{
    /**
     * The deepest nesting of mappings and lists a document may have. A spec or config file needs a handful of levels;
     * a document nested thousands deep is an attack on the reader's stack (it ended in StackOverflowError).
     */
    public static final int MAX_NESTING = 64;

    // the parser's own bound is one deeper than ours, so that ours, with its clear message, is met first
    // the builder starts with every parser feature off: EMPTY_STRING_AS_NULL (on in new YAMLFactory()) reads `env:` as null
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING + 1).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** An integer as written in YAML 1.2's core schema, which every YAML reads alike. */
    private static final Pattern PLAIN_INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    /** A decimal as people write a version or a quantity: kept as written ("1.10"); other forms (.5, 5e-1) as the number. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]+\\.[0-9]+");

    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "y", "on");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "n", "off");

    private StrictYaml() {}

    /**
     * A word YAML 1.1 read as a boolean ({@code yes}, {@code off}, ...; any case), for a field known to be boolean: such
     * files stay valid although the words are text everywhere else now.
     */
    public static Optional<Boolean> booleanWord(String text)
    {
        String word = text.trim().toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(word)) {
            return Optional.of(true);
        }
        return FALSE_WORDS.contains(word) ? Optional.of(false) : Optional.empty();
    }

    /**
     * The document's tree, or {@code null} for an empty document.
     *
     * @throws JsonProcessingException naming the line and column of what was refused
     */
    public static JsonNode read(String text)
            throws JsonProcessingException
    {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                return null;
            }
            JsonNode root = value((YAMLParser) parser);
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                // an empty document (a trailing ---, as generated YAML often has) holds nothing to lose
                if (token != JsonToken.VALUE_NULL) {
                    throw new JsonParseException(parser, "a second YAML document (after ---): write one document per file "
                            + "(a deploy file lists all its services under services:)");
                }
            }
            return root;
        }
        catch (JsonProcessingException e) {
            throw e;
        }
        catch (IOException e) {
            // a parser over a String reads no file: only its own exceptions are expected here
            throw new UncheckedIOException(e);
        }
    }

    /** The value at the parser's current token, which it leaves on the value's last token. */
    private static JsonNode value(YAMLParser parser)
            throws IOException
    {
        if (parser.isCurrentAlias()) {
            throw new JsonParseException(parser, "the YAML alias *" + parser.getText() + " is not supported: write the value out");
        }
        JsonToken token = parser.currentToken();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && parser.getParsingContext().getNestingDepth() > MAX_NESTING) {
            throw new JsonParseException(parser, "mappings and lists are nested deeper than " + MAX_NESTING + " levels");
        }
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> NODES.textNode(PLAIN_DECIMAL.matcher(parser.getText()).matches()
                    ? parser.getText()
                    : String.valueOf(parser.getDoubleValue()));
            default -> throw new JsonParseException(parser, "unexpected " + token + " in YAML");
        };
    }

    private static ObjectNode object(YAMLParser parser)
            throws IOException
    {
        ObjectNode object = NODES.objectNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String key = parser.currentName();
            if (object.has(key)) {
                throw new JsonParseException(parser, "the key \"" + key + "\" appears twice in one mapping: keep one");
            }
            parser.nextToken();
            object.set(key, value(parser));
        }
        return object;
    }

    private static ArrayNode array(YAMLParser parser)
            throws IOException
    {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser));
        }
        return array;
    }

    private static JsonNode integer(YAMLParser parser)
            throws IOException
    {
        String text = parser.getText();
        if (!PLAIN_INTEGER.matcher(text).matches()) {
            throw new JsonParseException(parser, text + " is read by YAML as the number " + parser.getNumberValue() + ": quote it (\""
                    + text + "\") if it is text, or write " + parser.getNumberValue());
        }
        return switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
        };
    }
}

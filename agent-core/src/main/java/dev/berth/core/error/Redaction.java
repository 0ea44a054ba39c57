package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.core.text.ControlCharacters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes secret values out of error texts. A runtime that fails may quote what it was given (runc quotes the
 * process's environment), so an error about a container is redacted before it is recorded, logged or answered:
 * message, fields and every cause's text. A value is found as written, JSON-escaped, with its control characters
 * escaped (as Go's {@code %q} and berth's own messages write them), and cut at a NUL (as C reads it); each is
 * replaced by {@code <secret NAME>}. Every non-empty value is redacted, however short.
 */
public final class Redaction
{
    public static final Redaction NONE = new Redaction(Map.of());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Each form a secret may take in a text, longest first, to what replaces it. */
    private final Map<String, String> forms;

    private Redaction(Map<String, String> forms)
    {
        this.forms = requireNonNull(forms, "forms is null");
    }

    /** @param secrets the secret values by the name of the variable that holds them */
    public static Redaction of(Map<String, String> secrets)
    {
        Map<String, String> forms = new LinkedHashMap<>();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            String value = secret.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            String replacement = "<secret " + secret.getKey() + ">";
            List<String> variants = new ArrayList<>(List.of(value, new String(JsonStringEncoder.getInstance().quoteAsString(value)),
                    ControlCharacters.escape(value), value.replace("\0", "\\x00"), value.replace("\0", "\\0")));
            int nul = value.indexOf('\0');
            if (nul > 0) {
                variants.add(value.substring(0, nul));
            }
            variants.forEach(variant -> forms.putIfAbsent(variant, replacement));
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        forms.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, String> form) -> form.getKey().length()).reversed())
                .forEach(form -> ordered.put(form.getKey(), form.getValue()));
        return new Redaction(Collections.unmodifiableMap(ordered));
    }

    public boolean isEmpty()
    {
        return forms.isEmpty();
    }

    public String redact(String text)
    {
        if (text == null || forms.isEmpty()) {
            return text;
        }
        String out = text;
        for (Map.Entry<String, String> form : forms.entrySet()) {
            out = out.replace(form.getKey(), form.getValue());
        }
        return out;
    }

    /**
     * The same error with every secret taken out of its message, fields and causes; the error itself when none
     * appears. The variant, errno and stack trace stay; the causes become text ({@link ErrorWire.RemoteCause}), as
     * they would on the wire.
     */
    public AgentError redact(AgentError error)
    {
        if (forms.isEmpty() || !mentionsSecret(error)) {
            return error;
        }
        ObjectNode wire = ErrorWire.encode(error, MAPPER);
        redactTexts(wire);
        List<String> causes = new ArrayList<>();
        wire.path("causes").forEach(cause -> causes.add(cause.asText()));
        Throwable chain = null;
        for (int i = causes.size() - 1; i >= 0; i--) {
            chain = new ErrorWire.RemoteCause(causes.get(i), chain);
        }
        AgentError redacted = ErrorWire.decode(wire, chain);
        redacted.setStackTrace(error.getStackTrace());
        return redacted;
    }

    private boolean mentionsSecret(AgentError error)
    {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (!redact(String.valueOf(current.getMessage())).equals(String.valueOf(current.getMessage()))) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return error.fields().values().stream().anyMatch(value -> !redact(String.valueOf(value)).equals(String.valueOf(value)));
    }

    private void redactTexts(JsonNode node)
    {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(redact(field.getValue().asText())));
                }
                else {
                    redactTexts(field.getValue());
                }
            }
        }
        else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(redact(array.get(i).asText())));
                }
                else {
                    redactTexts(array.get(i));
                }
            }
        }
    }
}

package dev.berth.core.text;

import java.util.OptionalInt;

/**
 * Control characters (C0, DEL, C1, and the line and paragraph separators) in text that becomes a name, a path, a
 * label or a message. A terminal acts on them (ESC starts an escape sequence, BEL rings, OSC retitles the window),
 * so they are refused where text is accepted and escaped where refused text is quoted back.
 */
public final class ControlCharacters
{
    private ControlCharacters() {}

    /** The index of the first control character in {@code text}, if any. */
    public static OptionalInt first(String text)
    {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    public static boolean isControl(char c)
    {
        return Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029';
    }

    /**
     * A problem for a field that holds a control character, saying which and where, or empty. The text itself is not
     * repeated: it may be a secret, and quoting it would carry the character along.
     */
    public static java.util.Optional<String> problem(String text)
    {
        OptionalInt index = first(text);
        if (index.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("contains the control character " + codePoint(text.charAt(index.getAsInt())) + " at position "
                + index.getAsInt() + "; control characters are not allowed here");
    }

    /** {@code text} with every control character and backslash written as an escape ({@code \x1b}, {@code \\}). */
    public static String escape(String text)
    {
        if (first(text).isEmpty() && text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            }
            else if (isControl(c)) {
                out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
            else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code U+001B}. */
    public static String codePoint(char c)
    {
        return String.format("U+%04X", (int) c);
    }
}

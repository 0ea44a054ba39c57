package dev.berth.core.text;

/**
 * Makes text that a container, an image or a spec controls safe to print on a terminal or into a line-oriented log:
 * C0 controls (ESC, BEL, CR, ...), DEL and C1 controls (CSI U+009B, OSC U+009D, ...) become visible escapes
 * ({@code \x1b}, {@code \u009b}), so no escape or OSC sequence reaches the terminal. A tab stays; a newline stays
 * only where the text is multi-line. Unlike {@link ControlCharacters#escape}, which quotes refused input back
 * unambiguously (backslashes too), this keeps printable text as it is, for a person reading it.
 */
public final class TerminalText
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TerminalText() {}

    /** For a one-line field (a table cell, a value after "key: "): a newline is escaped too. */
    public static String escapeLine(String text)
    {
        return escape(text, false);
    }

    /** For multi-line text (an error message, a stack trace): newlines stay. */
    public static String escapeMultiline(String text)
    {
        return escape(text, true);
    }

    public static String escape(String text, boolean keepNewlines)
    {
        if (text == null) {
            return null;
        }
        int first = firstToEscape(text, 0, keepNewlines);
        if (first < 0) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        appendEscaped(escaped, text, first, keepNewlines);
        return escaped.toString();
    }

    /** Escapes {@code text} from {@code start} on, in place. */
    public static void escapeInPlace(StringBuilder text, int start, boolean keepNewlines)
    {
        int first = firstToEscape(text, start, keepNewlines);
        if (first < 0) {
            return;
        }
        String rest = text.substring(first);
        text.setLength(first);
        appendEscaped(text, rest, 0, keepNewlines);
    }

    public static boolean isEscaped(char c, boolean keepNewlines)
    {
        if (c == '\t' || (c == '\n' && keepNewlines)) {
            return false;
        }
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    private static int firstToEscape(CharSequence text, int from, boolean keepNewlines)
    {
        for (int i = from; i < text.length(); i++) {
            if (isEscaped(text.charAt(i), keepNewlines)) {
                return i;
            }
        }
        return -1;
    }

    private static void appendEscaped(StringBuilder out, CharSequence text, int from, boolean keepNewlines)
    {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isEscaped(c, keepNewlines)) {
                out.append(c);
            }
            else if (c < 0x80) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
            else {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }
}

package dev.berth.hcs.document;

import java.util.List;

/**
 * Joins arguments into one Windows command line that {@code CommandLineToArgvW} splits back into the same
 * arguments: quoted when they contain spaces, tabs or quotes, with backslashes doubled only before a quote.
 */
public final class WindowsCommandLine
{
    private WindowsCommandLine() {}

    public static String join(List<String> arguments)
    {
        StringBuilder line = new StringBuilder();
        for (String argument : arguments) {
            if (line.length() > 0) {
                line.append(' ');
            }
            append(line, argument);
        }
        return line.toString();
    }

    private static void append(StringBuilder line, String argument)
    {
        if (!argument.isEmpty() && argument.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\n')) {
            line.append(argument);
            return;
        }
        line.append('"');
        int backslashes = 0;
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == '"') {
                line.append("\\".repeat(backslashes * 2 + 1)).append('"');
            }
            else {
                line.append("\\".repeat(backslashes)).append(c);
            }
            backslashes = 0;
        }
        line.append("\\".repeat(backslashes * 2)).append('"');
    }
}

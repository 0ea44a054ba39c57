package dev.berth.wsl2.transport;

/**
 * Quotes one argument so that {@code CommandLineToArgvW} (and the MSVC runtime, which wsl.exe's parser follows)
 * gives it back unchanged. Java's {@code ProcessBuilder} on Windows joins arguments into one command line without
 * escaping embedded quotes, but passes an argument that already starts and ends with a quote as it is; the delegate's
 * {@code sh -c} scripts are full of quotes, so every argument that needs it is quoted here first.
 */
final class WindowsArguments
{
    private WindowsArguments() {}

    static String quote(String argument)
    {
        if (!argument.isEmpty() && argument.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '"')) {
            return argument;
        }
        StringBuilder quoted = new StringBuilder("\"");
        int backslashes = 0;
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == '"') {
                // backslashes before a quote are escaped, and so is the quote
                quoted.append("\\".repeat(backslashes * 2 + 1));
            }
            else {
                quoted.append("\\".repeat(backslashes));
            }
            backslashes = 0;
            quoted.append(c);
        }
        // backslashes before the closing quote are escaped so they do not escape it
        quoted.append("\\".repeat(backslashes * 2)).append('"');
        return quoted.toString();
    }
}

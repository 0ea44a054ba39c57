package dev.berth.node.cli;

import dev.berth.node.client.AgentUnreachable;
import dev.berth.node.client.ApiException;
import dev.berth.node.client.JsonTrees;
import dev.berth.core.text.TerminalText;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/** How the CLI reports failures: the message, a hint on the next line, and the exit code; the wire form with --json. */
public final class CliErrors
{
    private CliErrors() {}

    /** A wrong command line; {@code path} is the command as typed, e.g. {@code berth run}. */
    public static int usageError(String path, String message)
    {
        System.err.println("berth: " + message);
        System.err.println("hint: " + path + " --help shows the usage");
        return ExitCodes.INVALID_INPUT;
    }

    /** What commons-cli refused, in words naming the option. */
    static String describe(ParseException error)
    {
        if (error instanceof UnrecognizedOptionException unknown) {
            return "unknown option '" + unknown.getOption() + "'";
        }
        if (error instanceof MissingArgumentException missing) {
            String valueName = missing.getOption().getArgName();
            return "option " + Arguments.typed(missing.getOption()) + " needs a value" + (valueName == null ? "" : " (" + valueName + ")");
        }
        return error.getMessage();
    }

    public static int executionError(Exception error, boolean json)
    {
        if (error instanceof ApiException api) {
            if (json) {
                System.out.println(JsonTrees.write(api.wire()));
            }
            else {
                System.err.println("berth: " + TerminalText.escapeMultiline(api.getMessage()));
                System.err.println("hint: " + ExitCodes.hint(api.code(), api.wire().path("errno").asInt(0)));
            }
            return ExitCodes.of(api.code());
        }
        if (error instanceof CliFailure failure) {
            if (json && failure.wire() != null) {
                System.out.println(failure.wire());
            }
            else {
                System.err.println("berth: " + TerminalText.escapeMultiline(failure.getMessage()));
                System.err.println("hint: " + ExitCodes.hint(failure.code()));
            }
            return ExitCodes.of(failure.code());
        }
        if (error instanceof AgentUnreachable unreachable) {
            if (json) {
                System.out.println("{\"code\":\"INTERNAL\",\"message\":" + quote(unreachable.getMessage()) + "}");
            }
            else {
                System.err.println("berth: " + TerminalText.escapeMultiline(unreachable.getMessage()));
                System.err.println("hint: is the agent running? start it with 'berth agent', or point --socket / BERTH_SOCKET at its socket");
            }
            return ExitCodes.FAILURE;
        }
        if (error instanceof java.nio.file.NoSuchFileException missing) {
            System.err.println("berth: no such file: " + missing.getFile());
            System.err.println("hint: check the path");
            return ExitCodes.INVALID_INPUT;
        }
        System.err.println("berth: " + TerminalText.escapeMultiline(String.valueOf(error)));
        System.err.println("hint: this is a bug in the CLI; please report it with the command line");
        return ExitCodes.FAILURE;
    }

    private static String quote(String text)
    {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

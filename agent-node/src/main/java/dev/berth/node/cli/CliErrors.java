package dev.berth.node.cli;

import dev.berth.node.client.AgentUnreachable;
import dev.berth.node.client.ApiException;
import picocli.CommandLine;

/** How the CLI reports failures: the message, a hint on the next line, and the exit code; the wire form with --json. */
public final class CliErrors
{
    private CliErrors() {}

    public static int parameterError(CommandLine.ParameterException error, String[] args)
    {
        System.err.println("berth: " + error.getMessage());
        System.err.println("hint: " + error.getCommandLine().getCommandSpec().qualifiedName() + " --help shows the usage");
        return ExitCodes.INVALID_INPUT;
    }

    public static int executionError(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult)
    {
        boolean json = commandLine.getCommand() instanceof ClientCommand client && client.json();
        if (error instanceof ApiException api) {
            if (json) {
                System.out.println(api.wire());
            }
            else {
                System.err.println("berth: " + api.getMessage());
                System.err.println("hint: " + ExitCodes.hint(api.code()));
            }
            return ExitCodes.of(api.code());
        }
        if (error instanceof CliFailure failure) {
            if (json && failure.wire() != null) {
                System.out.println(failure.wire());
            }
            else {
                System.err.println("berth: " + failure.getMessage());
                System.err.println("hint: " + ExitCodes.hint(failure.code()));
            }
            return ExitCodes.of(failure.code());
        }
        if (error instanceof AgentUnreachable unreachable) {
            if (json) {
                System.out.println("{\"code\":\"INTERNAL\",\"message\":" + quote(unreachable.getMessage()) + "}");
            }
            else {
                System.err.println("berth: " + unreachable.getMessage());
                System.err.println("hint: is the agent running? start it with 'berth agent', or point --socket / BERTH_SOCKET at its socket");
            }
            return ExitCodes.FAILURE;
        }
        if (error instanceof java.nio.file.NoSuchFileException missing) {
            System.err.println("berth: no such file: " + missing.getFile());
            System.err.println("hint: check the path");
            return ExitCodes.INVALID_INPUT;
        }
        System.err.println("berth: " + error);
        System.err.println("hint: this is a bug in the CLI; please report it with the command line");
        return ExitCodes.FAILURE;
    }

    private static String quote(String text)
    {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.client.ApiException;
import dev.berth.core.text.TerminalText;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public final class DeployCommand
        extends ClientCommand
{
    private String file;

    @Override
    public String description()
    {
        return "Deploy one or several services from a spec file (YAML or JSON).";
    }

    @Override
    protected void addCommandOptions(Options options)
    {
        options.addOption(valued("f", "file", "SPEC", "The spec file, or - for standard input (required)."));
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(0);
        file = arguments.requiredValue("file");
    }

    @Override
    public int call()
            throws IOException
    {
        String text = file.equals("-") ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) : Files.readString(Path.of(file));
        JsonNode result = client().postText("/v1/deploy", text);
        if (json) {
            printJson(result);
        }
        JsonNode firstError = null;
        for (JsonNode outcome : result.path("services")) {
            if (outcome.has("error")) {
                firstError = firstError == null ? outcome.get("error") : firstError;
                if (!json) {
                    System.err.println(TerminalText.escapeMultiline(outcome.path("service").asText() + ": "
                            + outcome.get("error").path("message").asText()));
                }
            }
            else if (!json && outcome.path("submitted").asBoolean(false)) {
                out().println(outcome.path("service").asText() + ": submitted to the cluster (generation "
                        + outcome.path("generation").asLong() + "); see berth cluster services");
            }
            else if (!json) {
                out().println(outcome.path("service").asText() + ": " + outcome.path("created").asInt() + " created, "
                        + outcome.path("removed").asInt() + " removed");
            }
        }
        if (firstError != null) {
            if (json) {
                return ExitCodes.of(firstError.path("code").asText());
            }
            throw new ApiException(500, firstError);
        }
        return ExitCodes.OK;
    }
}

package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.client.JsonTrees;
import dev.berth.node.client.ApiException;
import org.apache.commons.cli.Options;

public final class PullCommand
        extends ClientCommand
{
    private String platform;
    private String image;

    @Override
    public String description()
    {
        return "Pull an image; a progress bar on a terminal, plain lines otherwise.";
    }

    @Override
    protected String arguments()
    {
        return "IMAGE";
    }

    @Override
    protected void addCommandOptions(Options options)
    {
        options.addOption(valued(null, "platform", "OS[/ARCH[/VARIANT]]", "The platform to run or pull: linux, windows/amd64, linux/arm64/v8."));
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(1);
        platform = arguments.platform("platform");
        image = arguments.positional(0, "IMAGE");
    }

    @Override
    public int call()
    {
        var request = JsonTrees.object().put("image", image);
        if (platform != null) {
            request.put("platform", platform);
        }
        PullProgress progress = !json && System.console() != null ? new TerminalPullProgress(image) : new PlainPullProgress(json ? null : out());
        JsonNode[] result = {null};
        try {
            client().stream("POST", "/v1/images/pull", request, line -> {
                if (line.has("progress")) {
                    progress.update(line.get("progress"));
                }
                else if (line.has("image")) {
                    result[0] = line.get("image");
                }
                else if (line.has("error")) {
                    throw new ApiException(500, line.get("error"));
                }
                return true;
            });
        }
        finally {
            progress.close();
        }
        if (result[0] == null) {
            throw new ApiException(500, JsonTrees.object().put("code", "INTERNAL").put("message", "the agent ended the pull without a result"));
        }
        if (json) {
            printJson(result[0]);
        }
        else {
            out().println("pulled " + result[0].path("reference").asText() + " " + result[0].path("digest").asText());
        }
        return ExitCodes.OK;
    }
}

package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.node.client.JsonTrees;

import java.nio.file.Path;

public final class LoadCommand
        extends ClientCommand
{
    private Path path;
    private String name;

    @Override
    public String description()
    {
        return "Import an OCI layout directory, OCI archive or docker archive. NAME[:TAG] names the image where the source has no name.";
    }

    @Override
    protected String arguments()
    {
        return "PATH [NAME[:TAG]]";
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        arguments.noMoreThan(2);
        path = Path.of(arguments.positional(0, "PATH"));
        name = arguments.optionalPositional(1);
    }

    @Override
    public int call()
    {
        ObjectNode request = JsonTrees.object().put("path", path.toAbsolutePath().toString());
        if (name != null) {
            request.put("name", name);
        }
        JsonNode loaded = client().post("/v1/images/load", request);
        if (json) {
            printJson(loaded);
        }
        else {
            loaded.forEach(image -> out().println("loaded " + image.path("reference").asText() + " " + image.path("digest").asText()));
        }
        return ExitCodes.OK;
    }
}

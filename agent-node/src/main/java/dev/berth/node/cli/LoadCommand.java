package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.node.client.AgentClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "load", description = "Import an OCI layout directory, OCI archive or docker archive.")
public final class LoadCommand
        extends ClientCommand
{
    @Parameters(index = "0", paramLabel = "PATH")
    Path path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME[:TAG]", description = "Names the image where the source has no name.")
    String name;

    @Override
    public Integer call()
    {
        ObjectNode request = AgentClient.object().put("path", path.toAbsolutePath().toString());
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

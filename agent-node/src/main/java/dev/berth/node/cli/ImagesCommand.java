package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

public final class ImagesCommand
        extends ClientCommand
{
    @Override
    public String description()
    {
        return "List stored images.";
    }

    @Override
    public int call()
    {
        JsonNode images = client().get("/v1/images");
        if (json) {
            printJson(images);
            return ExitCodes.OK;
        }
        Table table = new Table("REFERENCE", "DIGEST", "PLATFORM", "SIZE", "STORED");
        images.forEach(image -> table.row(image.path("reference").asText(), PlainPullProgress.shortDigest(image.path("digest").asText()),
                image.path("platform").asText(), Sizes.human(image.path("size").asLong()), image.path("stored").asText()));
        table.print(out());
        return ExitCodes.OK;
    }
}

package dev.berth.systemtests.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.node.testing.Cli;

import java.util.Optional;

/** Reading {@code berth ps --json} / {@code inspect --json} output. */
public final class Containers
{
    private Containers() {}

    public static Optional<JsonNode> find(Cli cli, String id)
    {
        for (JsonNode container : cli.run("ps", "--json").json()) {
            if (container.path("id").asText().equals(id)) {
                return Optional.of(container);
            }
        }
        return Optional.empty();
    }

    /** Force-removes every container the agent lists. */
    public static void removeAll(Cli cli)
    {
        Cli.Result ps = cli.run("ps", "--json");
        if (ps.exit() != 0) {
            return;
        }
        for (JsonNode container : ps.json()) {
            cli.run("rm", "-f", container.path("id").asText());
        }
    }
}

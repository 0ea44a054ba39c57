package dev.berth.systemtests.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * FaultRuntimeTest's handle on the shared {@link dev.berth.node.testing.Cli}, kept only until that test uses the
 * shared class directly (it is being edited elsewhere); delete it then, with {@link Agent}.
 */
public final class Cli
{
    private final dev.berth.node.testing.Cli cli;

    public Cli(Path socket)
    {
        this.cli = new dev.berth.node.testing.Cli(socket);
    }

    public Result run(String... args)
    {
        return Result.of(cli.run(args));
    }

    public Result runAs(List<String> prefix, String... args)
            throws IOException, InterruptedException
    {
        return Result.of(cli.runAs(prefix, args));
    }

    public dev.berth.node.testing.Cli shared()
    {
        return cli;
    }

    public record Result(int exit, String out, String err)
    {
        static Result of(dev.berth.node.testing.Cli.Result result)
        {
            return new Result(result.exit(), result.out(), result.err());
        }

        public JsonNode json()
        {
            return shared().json();
        }

        public List<JsonNode> jsonLines()
        {
            return shared().jsonLines();
        }

        private dev.berth.node.testing.Cli.Result shared()
        {
            return new dev.berth.node.testing.Cli.Result(exit, out, err);
        }
    }
}

package dev.berth.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.node.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Runs {@code berth} commands in this JVM against an agent's socket, capturing output and the exit code. */
public final class Cli
{
    private static final Set<String> GROUPS = Set.of("node", "cluster");
    private static final Set<String> GROUP_COMMANDS = Set.of("drain", "undrain", "nodes", "services");

    private final Path socket;

    public Cli(Path socket)
    {
        this.socket = socket;
    }

    /** {@code --socket} goes right after the command words, since everything after IMAGE belongs to the container. */
    public synchronized Result run(String... args)
    {
        List<String> full = new ArrayList<>();
        int commandWords = args.length > 1 && GROUPS.contains(args[0]) && GROUP_COMMANDS.contains(args[1]) ? 2 : 1;
        for (int i = 0; i < args.length; i++) {
            full.add(args[i]);
            if (i == commandWords - 1) {
                full.add("--socket");
                full.add(socket.toString());
            }
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.run(full.toArray(String[]::new));
        }
        finally {
            System.setOut(out);
            System.setErr(err);
        }
        Result result = new Result(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        out.println("berth " + String.join(" ", args) + " -> " + exit + (result.err().isBlank() ? "" : " stderr: " + result.err().strip()));
        return result;
    }

    public record Result(int exit, String out, String err)
    {
        private static final ObjectMapper JSON = new ObjectMapper();

        public JsonNode json()
        {
            try {
                return JSON.readTree(out);
            }
            catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }

        public List<JsonNode> jsonLines()
        {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        lines.add(JSON.readTree(line));
                    }
                    catch (java.io.IOException e) {
                        throw new AssertionError("not a JSON line: " + line, e);
                    }
                }
            }
            return lines;
        }
    }
}

package dev.berth.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.node.client.ApiException;
import dev.berth.node.client.JsonTrees;
import dev.berth.core.text.TerminalText;
import org.apache.commons.cli.Options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth rm [-f] NAME...}: removes each in turn, as {@code docker rm} does. One line per name: the name on
 * standard output when it went, {@code berth: NAME: reason} on standard error when it did not; a failure does not stop
 * the others. The exit code is the failures' own when they share one (3 when every failure was an unknown name), else 1.
 */
public final class RemoveCommand
        extends ClientCommand
{
    private boolean force;
    private List<String> names;

    @Override
    public String description()
    {
        return "Remove containers and their records; each NAME in turn, one line per name.";
    }

    @Override
    protected String arguments()
    {
        return "NAME...";
    }

    @Override
    protected void addCommandOptions(Options options)
    {
        options.addOption(flag("f", "force", "Stop them first if they are running."));
    }

    @Override
    protected void bindCommand(Arguments arguments)
    {
        force = arguments.flag("force");
        arguments.positional(0, "NAME");
        names = arguments.rest(0);
    }

    @Override
    public int call()
    {
        if (names.size() == 1) {
            // one name: its error is the command's, reported with its hint like any other command's
            remove(names.get(0));
            if (!json) {
                out().println(names.get(0));
            }
            return ExitCodes.OK;
        }
        Map<String, ApiException> failures = new LinkedHashMap<>();
        ArrayNode results = JsonTrees.array();
        for (String name : names) {
            try {
                remove(name);
                results.addObject().put("name", name).put("removed", true);
                if (!json) {
                    out().println(name);
                }
            }
            catch (ApiException e) {
                failures.put(name, e);
                results.addObject().put("name", name).put("removed", false).set("error", e.wire());
                if (!json) {
                    System.err.println("berth: " + TerminalText.escapeLine(name) + ": " + TerminalText.escapeMultiline(e.getMessage()));
                }
            }
        }
        if (json) {
            printJson(results);
        }
        if (failures.isEmpty()) {
            return ExitCodes.OK;
        }
        List<Integer> codes = new ArrayList<>(failures.values().stream().map(failure -> ExitCodes.of(failure.code())).distinct().toList());
        if (!json) {
            System.err.println("berth: " + failures.size() + " of " + names.size() + " not removed: "
                    + TerminalText.escapeLine(String.join(", ", failures.keySet())));
            System.err.println("hint: " + ExitCodes.hint(failures.values().iterator().next().code()));
        }
        return codes.size() == 1 ? codes.get(0) : ExitCodes.FAILURE;
    }

    private void remove(String name)
    {
        client().delete("/v1/containers/" + Paths.segment(name) + "?force=" + force);
    }
}

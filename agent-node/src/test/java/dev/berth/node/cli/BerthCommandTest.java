package dev.berth.node.cli;

import dev.berth.node.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line without an agent: dispatch, help, usage errors, and where options stop. */
class BerthCommandTest
{
    private static final String NO_AGENT = "/nonexistent/berth-test.sock";

    @Test
    void topLevelHelpListsEveryCommandOnStandardOutput()
    {
        Result help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("usage: berth [OPTIONS] COMMAND [ARGS...]")
                .contains("-V,--version")
                .contains("  run       Run a container.")
                .contains("  doctor    Check this host");
        assertThat(help.err()).isEmpty();
        assertThat(run("-h").out()).isEqualTo(help.out());
    }

    @Test
    void noArgumentsPrintsTheUsageToStandardErrorAndFails()
    {
        Result none = run();
        assertThat(none.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(none.err()).startsWith("usage: berth");
        assertThat(none.out()).isEmpty();
    }

    @Test
    void version()
    {
        Result version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("berth ");
        assertThat(run("-V").out()).isEqualTo(version.out());
    }

    @Test
    void everyCommandHasItsOwnHelp()
    {
        for (String[] command : new String[][] {{"agent"}, {"run"}, {"deploy"}, {"ps"}, {"inspect"}, {"logs"}, {"stop"}, {"rm"},
                {"exec"}, {"pull"}, {"load"}, {"images"}, {"rmi"}, {"node"}, {"node", "drain"}, {"node", "undrain"}, {"cluster"},
                {"cluster", "nodes"}, {"cluster", "services"}, {"events"}, {"doctor"}}) {
            String path = "berth " + String.join(" ", command);
            for (String flag : new String[] {"--help", "-h"}) {
                String[] args = java.util.Arrays.copyOf(command, command.length + 1);
                args[command.length] = flag;
                Result help = run(args);
                assertThat(help.exit()).as(path + " " + flag).isZero();
                assertThat(help.out()).as(path).startsWith("usage: " + path + " [OPTIONS]").contains("-h,--help");
            }
        }
        assertThat(run("run", "--help").out()).contains("usage: berth run [OPTIONS] IMAGE [CMD...]")
                .contains("-e,--env <K=V>").contains("--rm").contains("--socket <PATH>").contains("--json");
        assertThat(run("node", "--help").out()).contains("Commands:").contains("drain").contains("undrain");
    }

    @Test
    void usageErrorsNameTheOptionOrArgumentAndExitWithInvalidInput()
    {
        assertUsageError(run("bogus"), "unknown command 'bogus'", "berth --help");
        assertUsageError(run("--bogus"), "unknown option '--bogus' before the command: only --help and --version go there;"
                + " put a command's options after it (berth COMMAND --bogus ...)", "berth --help");
        assertUsageError(run("--socket", "/run/s.sock", "ps"), "unknown option '--socket' before the command: only --help and --version"
                + " go there; put a command's options after it (berth COMMAND --socket ...)", "berth --help");
        assertUsageError(run("ps", "--bogus"), "unknown option '--bogus'", "berth ps --help");
        assertUsageError(run("run", "--bogus", "IMAGE"), "unknown option '--bogus'", "berth run --help");
        assertUsageError(run("run"), "missing required argument IMAGE", "berth run --help");
        assertUsageError(run("run", "--name"), "option '--name' needs a value (NAME)", "berth run --help");
        assertUsageError(run("run", "-e", "NOVALUE", "IMAGE"), "--env NOVALUE: expected K=V", "berth run --help");
        assertUsageError(run("exec", "NAME"), "missing required argument CMD", "berth exec --help");
        assertUsageError(run("logs", "--tail", "x", "NAME"), "option '--tail' (N) expects a whole number, not 'x'", "berth logs --help");
        assertUsageError(run("deploy"), "missing required option '--file' (SPEC)", "berth deploy --help");
        assertUsageError(run("inspect", "a", "b"), "unexpected argument 'b'", "berth inspect --help");
        assertUsageError(run("cluster", "bogus"), "unknown command 'cluster bogus'", "berth cluster --help");
        assertUsageError(run("node", "drain", "x"), "unexpected argument 'x'", "berth node drain --help");
    }

    @Test
    void aSingleValueOptionGivenTwiceIsAUsageError()
    {
        assertUsageError(run("run", "--name", "a", "--name", "b", "IMAGE"), "option '--name' (NAME) may be given only once", "berth run --help");
        assertUsageError(run("logs", "-n", "5", "-n", "10", "NAME"), "option '--tail' (N) may be given only once", "berth logs --help");
        assertUsageError(run("logs", "-n", "5", "--tail", "10", "NAME"), "option '--tail' (N) may be given only once", "berth logs --help");
        assertUsageError(run("agent", "--log-format", "json", "--log-format", "text"), "option '--log-format' (FORMAT) may be given only once",
                "berth agent --help");
    }

    @Test
    void detachedRunWithRmIsRefusedRatherThanLeftBehind()
    {
        assertUsageError(run("run", "-d", "--rm", "IMAGE"),
                "--rm cannot be combined with -d: nothing would remove the container after it exits; run it attached, or 'berth rm' it later",
                "berth run --help");
    }

    @Test
    void repeatableOptionsStillRepeat()
    {
        // Past parsing, the command finds no agent: the repeated -e was taken.
        Result run = run("run", "--socket", NO_AGENT, "-e", "A=1", "-e", "B=2", "--env", "C=3", "IMAGE");
        assertThat(run.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).startsWith("berth: cannot reach the berth agent at " + NO_AGENT);
    }

    @Test
    void logFormatIsTextOrJson()
    {
        assertUsageError(run("agent", "--log-format", "xml"), "option '--log-format' expects text or json, not 'xml'", "berth agent --help");
        assertUsageError(run("agent", "--set", "a=b", "--set", "c=d", "--log-format", "JSON"), "option '--log-format' expects text or json, not 'JSON'",
                "berth agent --help");
    }

    @Test
    void longOptionsAreNotAbbreviated()
    {
        assertUsageError(run("ps", "--qui"), "unknown option '--qui'", "berth ps --help");
    }

    @Test
    void platformIsOsArchVariantCheckedBeforeTheAgentIsAsked()
    {
        assertUsageError(run("run", "--platform", "darwin/amd64", "IMAGE"),
                "option '--platform' (OS[/ARCH[/VARIANT]]): OS \"darwin\" is not one of linux|windows", "berth run --help");
        assertUsageError(run("pull", "--platform", "linux/arm64/v8/extra", "IMAGE"),
                "option '--platform' (OS[/ARCH[/VARIANT]]): \"linux/arm64/v8/extra\" has more than OS/ARCH/VARIANT", "berth pull --help");
        // a well-formed one passes parsing and finds no agent
        Result run = run("run", "--socket", NO_AGENT, "--platform", "linux/arm64/v8", "IMAGE");
        assertThat(run.err()).startsWith("berth: cannot reach the berth agent at " + NO_AGENT);
    }

    @Test
    void psTakesAllAndQuietAndRmTakesSeveralNames()
    {
        Result ps = run("ps", "--socket", NO_AGENT, "-a", "-q");
        assertThat(ps.err()).startsWith("berth: cannot reach the berth agent at " + NO_AGENT);
        assertThat(run("ps", "--help").out()).contains("-a,--all").contains("-q,--quiet");
        assertThat(run("rm", "--help").out()).contains("usage: berth rm [OPTIONS] NAME...");
        assertUsageError(run("rm", "-f"), "missing required argument NAME", "berth rm --help");
        Result rm = run("rm", "--socket", NO_AGENT, "-f", "a", "b", "c");
        assertThat(rm.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(rm.err()).startsWith("berth: cannot reach the berth agent at " + NO_AGENT);
    }

    @Test
    void clusterWithoutASubcommandShowsItsUsage()
    {
        Result cluster = run("cluster");
        assertThat(cluster.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cluster.err()).startsWith("usage: berth cluster").contains("nodes").contains("services");
    }

    @Test
    void runStopsTakingOptionsAfterTheImage()
    {
        // --json and --help after IMAGE belong to the container's command line: berth neither prints help nor
        // answers in JSON; it parses, then finds no agent.
        Result run = run("run", "--socket", NO_AGENT, "--rm", "IMAGE", "sh", "-c", "true", "--json", "--help");
        assertThat(run.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("berth: cannot reach the berth agent at " + NO_AGENT);
        Result exec = run("exec", "--socket", NO_AGENT, "NAME", "ls", "-l", "--json");
        assertThat(exec.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(exec.out()).isEmpty();
    }

    @Test
    void otherCommandsTakeOptionsAfterTheirArguments()
    {
        Result inspect = run("inspect", "NAME", "--socket", NO_AGENT, "--json");
        assertThat(inspect.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(inspect.out()).startsWith("{\"code\":\"INTERNAL\",\"message\":\"cannot reach the berth agent at " + NO_AGENT);
        assertThat(inspect.err()).isEmpty();
    }

    private static void assertUsageError(Result result, String message, String helpCommand)
    {
        assertThat(result.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList()).containsExactly("berth: " + message, "hint: " + helpCommand + " shows the usage");
    }

    private static synchronized Result run(String... args)
    {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            return new Result(Main.run(args), outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        }
        finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private record Result(int exit, String out, String err) {}
}

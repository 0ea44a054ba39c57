package dev.berth.systemtests.testing;

import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.TestImages;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The setup most system tests share: a real agent with its data dir and socket in a scratch directory and the busybox
 * test image loaded as {@value #IMAGE}. Closing it force-removes every container the agent lists, then stops it.
 */
public final class AgentFixture
        implements AutoCloseable
{
    public static final String IMAGE = "test/busybox:latest";
    /** Not agent-node's {@link AgentProcess#CGROUP_PARENT}: the two suites may run at once and never share cgroups. */
    public static final String CGROUP_PARENT = "/berth-systest";

    private final AgentProcess agent;
    private final Cli cli;

    private AgentFixture(AgentProcess agent)
    {
        this.agent = agent;
        this.cli = agent.cli();
    }

    /** Root, runc, conmon and /bin/busybox: a skip on a laptop, a failure in CI. */
    public static void requireHost()
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        Requirements.require(TestImages.busyboxAvailable(), "/bin/busybox (busybox-static)");
    }

    /** A system-tests agent, ready: {@link AgentProcess#startReady} under {@link #CGROUP_PARENT}, then {@code extra}. */
    public static AgentProcess startAgent(Path dataDir, Path socket, String... extra)
            throws IOException
    {
        String[] arguments = new String[extra.length + 2];
        arguments[0] = "--set";
        arguments[1] = "runtime.youki.cgroup-parent=" + CGROUP_PARENT;
        System.arraycopy(extra, 0, arguments, 2, extra.length);
        return AgentProcess.startReady(dataDir, socket, arguments);
    }

    /** An agent on {@code scratch}/data and {@code scratch}/a.sock with busybox loaded from {@code scratch}/layout. */
    public static AgentFixture start(Path scratch, String... extra)
            throws IOException
    {
        AgentFixture fixture = new AgentFixture(startAgent(scratch.resolve("data"), scratch.resolve("a.sock"), extra));
        try {
            TestImages.busybox().writeLayout(scratch.resolve("layout"), "latest");
            assertThat(fixture.cli.run("load", scratch.resolve("layout").toString(), IMAGE).exit()).isZero();
            return fixture;
        }
        catch (RuntimeException | Error e) {
            fixture.close();
            throw e;
        }
    }

    public AgentProcess agent()
    {
        return agent;
    }

    public Cli cli()
    {
        return cli;
    }

    @Override
    public void close()
    {
        Containers.removeAll(cli);
        agent.close();
    }
}

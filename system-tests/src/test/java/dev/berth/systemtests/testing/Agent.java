package dev.berth.systemtests.testing;

import dev.berth.node.client.AgentClient;
import dev.berth.node.testing.AgentProcess;

import java.io.IOException;
import java.nio.file.Path;

/**
 * FaultRuntimeTest's handle on the shared {@link AgentProcess} (started by {@link AgentFixture#startAgent}), kept only
 * until that test uses the shared class directly (it is being edited elsewhere); delete it then, with {@link Cli}.
 */
public final class Agent
        implements AutoCloseable
{
    private final AgentProcess agent;

    private Agent(AgentProcess agent)
    {
        this.agent = agent;
    }

    public static Agent startReady(Path dataDir, Path socket, String... extra)
            throws IOException
    {
        return new Agent(AgentFixture.startAgent(dataDir, socket, extra));
    }

    public int terminate()
            throws InterruptedException
    {
        return agent.terminate();
    }

    public boolean alive()
    {
        return agent.alive();
    }

    public long pid()
    {
        return agent.pid();
    }

    public Path dataDir()
    {
        return agent.dataDir();
    }

    public Path socket()
    {
        return agent.socket();
    }

    public Path logFile()
    {
        return agent.logFile();
    }

    public String log()
    {
        return agent.log();
    }

    public AgentClient client()
    {
        return agent.client();
    }

    public Cli cli()
    {
        return new Cli(agent.socket());
    }

    public ProcessFigures figures()
    {
        return ProcessFigures.of(agent.pid());
    }

    @Override
    public void close()
    {
        agent.close();
    }
}

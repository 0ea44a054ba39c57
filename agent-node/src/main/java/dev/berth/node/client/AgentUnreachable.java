package dev.berth.node.client;

import java.nio.file.Path;

/** No agent answers on the socket. */
public final class AgentUnreachable
        extends RuntimeException
{
    private final Path socket;

    public AgentUnreachable(Path socket, Exception cause)
    {
        super("cannot reach the berth agent at " + socket + ": " + cause.getMessage(), cause);
        this.socket = socket;
    }

    public Path socket()
    {
        return socket;
    }
}

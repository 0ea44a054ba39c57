package dev.berth.node.client;

import java.io.IOException;

/** The agent's answer (or one line of a stream) is over the size the CLI reads into memory. */
public final class ResponseTooLarge
        extends IOException
{
    public ResponseTooLarge(String message)
    {
        super(message);
    }
}

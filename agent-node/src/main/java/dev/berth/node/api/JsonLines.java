package dev.berth.node.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A response of newline-separated JSON objects, each flushed as written; a failed write means the client left. */
public final class JsonLines
        implements AutoCloseable
{
    private final OutputStream out;

    JsonLines(OutputStream out)
    {
        this.out = out;
    }

    /** @return false once the client has gone away */
    public boolean write(JsonNode node)
    {
        try {
            out.write((node.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close()
    {
        try {
            out.close();
        }
        catch (IOException e) {
            // The client left; nothing to finish.
        }
    }
}

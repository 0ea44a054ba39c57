package dev.berth.lifecycle.diagnose;

import java.util.OptionalInt;

/**
 * What the timed-out wait was waiting for, so the likely cause can name it: a port to accept connections, an
 * HTTP status, a command to succeed, or the process to reach running.
 */
public record Suspect(OptionalInt port, String waitingFor)
{
    public static Suspect port(int port, String waitingFor)
    {
        return new Suspect(OptionalInt.of(port), waitingFor);
    }

    public static Suspect other(String waitingFor)
    {
        return new Suspect(OptionalInt.empty(), waitingFor);
    }
}

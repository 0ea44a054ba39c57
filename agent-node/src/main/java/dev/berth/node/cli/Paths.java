package dev.berth.node.cli;

import dev.berth.node.client.AgentClient;

/** URL path pieces for names the user typed. */
final class Paths
{
    private Paths() {}

    static String segment(String name)
    {
        return AgentClient.encode(name).replace("+", "%20");
    }
}

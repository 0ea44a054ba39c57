package dev.berth.node.cli;

import dev.berth.node.client.ApiClient;

/** URL path pieces for names the user typed. */
final class Paths
{
    private Paths() {}

    static String segment(String name)
    {
        return ApiClient.encode(name).replace("+", "%20");
    }
}

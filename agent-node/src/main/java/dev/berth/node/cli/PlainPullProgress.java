package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;

/** One line per blob started and finished: for logs and pipes, where a progress bar would be noise. */
final class PlainPullProgress
        implements PullProgress
{
    private final PrintStream out;

    PlainPullProgress(PrintStream out)
    {
        this.out = out;
    }

    @Override
    public void update(JsonNode progress)
    {
        if (out == null) {
            return;
        }
        String digest = shortDigest(progress.path("digest").asText());
        switch (progress.path("event").asText()) {
            case "started" -> out.println(digest + ": downloading " + progress.path("total").asLong() + " bytes");
            case "finished" -> out.println(digest + ": done");
            default -> {
                // Byte-level progress is for terminals only.
            }
        }
    }

    static String shortDigest(String digest)
    {
        int colon = digest.indexOf(':');
        String hex = colon >= 0 ? digest.substring(colon + 1) : digest;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    @Override
    public void close()
    {
    }
}

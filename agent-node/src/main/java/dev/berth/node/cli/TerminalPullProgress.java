package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.HashMap;
import java.util.Map;

/** One progress bar over every blob's bytes, growing as blobs start. */
final class TerminalPullProgress
        implements PullProgress
{
    private final ProgressBar bar;
    private final Map<String, Long> done = new HashMap<>();
    private long total;

    TerminalPullProgress(String image)
    {
        bar = new ProgressBarBuilder()
                .setTaskName("pull " + image)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit("MiB", 1024 * 1024)
                .setInitialMax(0)
                .continuousUpdate()
                .build();
    }

    @Override
    public void update(JsonNode progress)
    {
        String digest = progress.path("digest").asText();
        switch (progress.path("event").asText()) {
            case "started" -> {
                total += Math.max(0, progress.path("total").asLong());
                bar.maxHint(total);
            }
            case "progress" -> done.put(digest, progress.path("done").asLong());
            default -> {
            }
        }
        bar.stepTo(done.values().stream().mapToLong(Long::longValue).sum());
    }

    @Override
    public void close()
    {
        bar.close();
    }
}

package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * NVIDIA MPS settings for {@link GpuSharing#MPS}. Directories default to nvidia-cuda-mps-control's
 * defaults: {@code /tmp/nvidia-mps} and {@code /var/log/nvidia-mps}.
 */
public record MpsSettings(
        String pipeDirectory,
        String logDirectory,
        OptionalInt activeThreadPercentage,
        Optional<String> pinnedMemoryLimit)
{
    public static final String DEFAULT_PIPE_DIRECTORY = "/tmp/nvidia-mps";
    public static final String DEFAULT_LOG_DIRECTORY = "/var/log/nvidia-mps";
    public static final MpsSettings DEFAULTS = new MpsSettings(DEFAULT_PIPE_DIRECTORY, DEFAULT_LOG_DIRECTORY, OptionalInt.empty(), Optional.empty());

    public MpsSettings
    {
        requireNonNull(pipeDirectory, "pipeDirectory is null");
        requireNonNull(logDirectory, "logDirectory is null");
        requireNonNull(activeThreadPercentage, "activeThreadPercentage is null");
        requireNonNull(pinnedMemoryLimit, "pinnedMemoryLimit is null");
    }
}

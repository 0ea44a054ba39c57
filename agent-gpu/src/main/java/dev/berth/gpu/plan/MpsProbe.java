package dev.berth.gpu.plan;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.GpuSharingUnavailable;
import dev.berth.core.error.Timeout;
import dev.berth.core.spec.MpsSettings;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.edit.ContainerEdits;
import dev.berth.gpu.edit.MountEdit;
import dev.berth.gpu.host.CommandResult;
import dev.berth.gpu.host.FileStat;
import dev.berth.gpu.host.FileType;
import dev.berth.gpu.host.HostView;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks that an NVIDIA MPS control daemon is there to join, where the container will run, and gives the edits
 * that join it: the pipe and log directories (mounted, named in {@code CUDA_MPS_PIPE_DIRECTORY} and
 * {@code CUDA_MPS_LOG_DIRECTORY}), the spec's limits, and the host IPC namespace MPS clients must share with the
 * daemon.
 */
public final class MpsProbe
{
    public static final String MODE = "mps";
    public static final String CONTROL_PIPE = "control";
    static final String ADVICE = "ensure nvidia-cuda-mps-control is running (nvidia-cuda-mps-control -d)";

    private final HostView host;
    private final GpuConfig config;

    public MpsProbe(HostView host, GpuConfig config)
    {
        this.host = requireNonNull(host, "host is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** @throws GpuSharingUnavailable naming each missing path, and what to do */
    public ContainerEdits edits(MpsSettings mps)
    {
        requireNonNull(mps, "mps is null");
        List<String> problems = new ArrayList<>();
        String pipeDirectory = mps.pipeDirectory();
        String control = pipeDirectory.replaceFirst("/+$", "") + "/" + CONTROL_PIPE;
        if (expectDirectory(pipeDirectory, "MPS pipe directory", problems)) {
            Optional<FileStat> pipe = host.stat(control);
            if (pipe.isEmpty()) {
                problems.add("MPS control pipe " + control + " does not exist on " + host.describe());
            }
            else if (pipe.get().type() != FileType.FIFO) {
                problems.add("MPS control pipe " + control + " on " + host.describe() + " is a "
                        + pipe.get().type().name().toLowerCase(Locale.ROOT) + ", not a named pipe");
            }
        }
        expectDirectory(mps.logDirectory(), "MPS log directory", problems);
        if (problems.isEmpty() && config.mpsLiveProbe()) {
            liveProbe(mps).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new GpuSharingUnavailable(MODE, String.join("; ", problems) + "; " + ADVICE);
        }
        List<String> env = new ArrayList<>();
        env.add("CUDA_MPS_PIPE_DIRECTORY=" + pipeDirectory);
        env.add("CUDA_MPS_LOG_DIRECTORY=" + mps.logDirectory());
        mps.activeThreadPercentage().ifPresent(percentage -> env.add("CUDA_MPS_ACTIVE_THREAD_PERCENTAGE=" + percentage));
        // MPS wants "ordinal=limit[,ordinal=limit]"; a bare limit applies to the container's first GPU
        mps.pinnedMemoryLimit().ifPresent(limit -> env.add("CUDA_MPS_PINNED_DEVICE_MEM_LIMIT=" + (limit.contains("=") ? limit : "0=" + limit)));
        return new ContainerEdits(env, List.of(),
                List.of(MountEdit.bind(pipeDirectory, pipeDirectory, false), MountEdit.bind(mps.logDirectory(), mps.logDirectory(), true)),
                List.of(), List.of(), true);
    }

    private boolean expectDirectory(String path, String what, List<String> problems)
    {
        Optional<FileStat> stat = host.stat(path);
        if (stat.isEmpty()) {
            problems.add(what + " " + path + " does not exist on " + host.describe());
            return false;
        }
        if (stat.get().type() != FileType.DIRECTORY) {
            problems.add(what + " " + path + " on " + host.describe() + " is a " + stat.get().type().name().toLowerCase(Locale.ROOT) + ", not a directory");
            return false;
        }
        return true;
    }

    private Optional<String> liveProbe(MpsSettings mps)
    {
        List<String> command = List.of("env", "CUDA_MPS_PIPE_DIRECTORY=" + mps.pipeDirectory(), "CUDA_MPS_LOG_DIRECTORY=" + mps.logDirectory(),
                config.mpsControlBinary());
        try {
            CommandResult result = host.run(command, "get_server_list\n".getBytes(StandardCharsets.UTF_8), config.probeTimeout());
            return result.succeeded() ? Optional.empty()
                    : Optional.of("live probe 'echo get_server_list | " + config.mpsControlBinary() + "' on " + host.describe() + " failed: " + result.evidence());
        }
        catch (Timeout e) {
            return Optional.of("live probe 'echo get_server_list | " + config.mpsControlBinary() + "' on " + host.describe()
                    + " did not answer within " + config.probeTimeout());
        }
    }
}

package dev.berth.oci.monitor;

import static java.util.Objects.requireNonNull;

import dev.berth.oci.state.ContainerPaths;

import java.util.ArrayList;
import java.util.List;

/**
 * The files one container's conmon is told about, as paths where conmon runs (this host or a WSL2 distro), and the
 * command line that starts it.
 *
 * @param directory conmon's working directory, the container's own
 * @param exitDir conmon's {@code --exit-dir}: it writes the exit status into a file named after the container
 * @param persistDir conmon's {@code --persist-dir}: an {@code exit} file and, after an OOM kill, an {@code oom} file
 * @param log the container's stdout and stderr in k8s-file format
 */
public record ConmonFiles(String directory, String bundle, String containerPidFile, String conmonPidFile, String exitDir, String persistDir,
        String log)
{
    public ConmonFiles
    {
        requireNonNull(directory, "directory is null");
        requireNonNull(bundle, "bundle is null");
        requireNonNull(containerPidFile, "containerPidFile is null");
        requireNonNull(conmonPidFile, "conmonPidFile is null");
        requireNonNull(exitDir, "exitDir is null");
        requireNonNull(persistDir, "persistDir is null");
        requireNonNull(log, "log is null");
    }

    public static ConmonFiles of(ContainerPaths paths)
    {
        return new ConmonFiles(paths.directory().toString(), paths.bundle().toString(), paths.containerPidFile().toString(),
                paths.conmonPidFile().toString(), paths.exitDir().toString(), paths.persistDir().toString(), paths.log().toString());
    }

    /**
     * conmon's argv for container {@code id}, as Podman starts it.
     *
     * @param runtimeArgs the runtime's global arguments (root, log), passed through
     * @param logMaxSize conmon's {@code --log-size-max}; 0 for none
     */
    public List<String> argv(String conmon, String runtimeBinary, String id, String socketDir, long logMaxSize, boolean tty, List<String> runtimeArgs)
    {
        List<String> argv = new ArrayList<>(List.of(conmon, "--api-version", "1",
                "--cid", id, "--cuuid", id, "--name", id,
                "--runtime", runtimeBinary,
                "--bundle", bundle,
                "--container-pidfile", containerPidFile,
                "--conmon-pidfile", conmonPidFile,
                "--exit-dir", exitDir,
                "--persist-dir", persistDir,
                "--log-path", "k8s-file:" + log,
                "--socket-dir-path", socketDir));
        if (logMaxSize > 0) {
            argv.addAll(List.of("--log-size-max", Long.toString(logMaxSize)));
        }
        if (tty) {
            argv.add("--terminal");
        }
        for (String runtimeArg : runtimeArgs) {
            argv.add("--runtime-arg");
            argv.add(runtimeArg);
        }
        return List.copyOf(argv);
    }
}

package dev.berth.oci.bundle;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.spec.ServiceSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merges the spec over the image config as Docker does: {@code command} replaces the entrypoint (and drops the
 * image's cmd), {@code args} replaces the cmd, spec env overrides image env by name, and the spec's working
 * directory and user win when set. User names are looked up in the root filesystem's /etc/passwd and /etc/group.
 */
public final class ProcessMerger
{
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ProcessMerger() {}

    /**
     * @param rootfs the root filesystem on this host, to resolve user names; empty where it is not readable here
     */
    public static ProcessPlan merge(ServiceSpec spec, ImageConfig image, Optional<Path> rootfs)
    {
        List<String> args = new ArrayList<>(spec.command().isEmpty() ? image.entrypoint() : spec.command());
        if (!spec.args().isEmpty()) {
            args.addAll(spec.args());
        }
        else if (spec.command().isEmpty()) {
            args.addAll(image.cmd());
        }
        if (args.isEmpty()) {
            throw new InvalidSpec("command: neither the spec (command, args) nor the image (" + spec.image() + ": entrypoint, cmd) names a program to run");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH.substring("PATH=".length()));
        for (String entry : image.env()) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                env.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        if (spec.tty()) {
            env.putIfAbsent("TERM", "xterm");
        }
        env.putAll(spec.env());
        List<String> envList = env.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toList();
        String cwd = !spec.workingDir().isEmpty() ? spec.workingDir() : !image.workingDir().isEmpty() ? image.workingDir() : "/";
        if (!cwd.startsWith("/")) {
            throw new InvalidSpec("workingDir: \"" + cwd + "\" must be an absolute path");
        }
        String user = !spec.user().isEmpty() ? spec.user() : image.user();
        long[] ids = resolveUser(user, rootfs);
        return new ProcessPlan(args, envList, cwd, ids[0], ids[1]);
    }

    static long[] resolveUser(String user, Optional<Path> rootfs)
    {
        if (user.isEmpty()) {
            return new long[] {0, 0};
        }
        String[] parts = user.split(":", 2);
        Optional<String[]> passwd = lookup(rootfs, "etc/passwd", parts[0]);
        long uid = numeric(parts[0]).orElseGet(() -> passwd.map(entry -> Long.parseLong(entry[2]))
                .orElseThrow(() -> new InvalidSpec("user: \"" + parts[0] + "\" is neither numeric nor in the image's /etc/passwd")));
        long gid;
        if (parts.length == 2) {
            gid = numeric(parts[1]).orElseGet(() -> lookup(rootfs, "etc/group", parts[1]).map(entry -> Long.parseLong(entry[2]))
                    .orElseThrow(() -> new InvalidSpec("user: group \"" + parts[1] + "\" is neither numeric nor in the image's /etc/group")));
        }
        else {
            gid = passwd.map(entry -> Long.parseLong(entry[3])).orElse(numeric(parts[0]).isPresent() ? uid : 0L);
            if (passwd.isEmpty() && numeric(parts[0]).isPresent()) {
                gid = lookupById(rootfs, uid).orElse(0L);
            }
        }
        return new long[] {uid, gid};
    }

    private static Optional<Long> numeric(String text)
    {
        return text.matches("\\d+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
    }

    private static Optional<Long> lookupById(Optional<Path> rootfs, long uid)
    {
        for (String[] fields : entries(rootfs, "etc/passwd")) {
            if (fields.length >= 4 && fields[2].equals(Long.toString(uid))) {
                return numeric(fields[3]);
            }
        }
        return Optional.empty();
    }

    private static Optional<String[]> lookup(Optional<Path> rootfs, String file, String name)
    {
        for (String[] fields : entries(rootfs, file)) {
            if (fields.length >= 3 && fields[0].equals(name) && fields[2].matches("\\d+") && (file.endsWith("group") || fields.length >= 4)) {
                return Optional.of(fields);
            }
        }
        return Optional.empty();
    }

    private static List<String[]> entries(Optional<Path> rootfs, String file)
    {
        if (rootfs.isEmpty()) {
            return List.of();
        }
        try {
            return Files.readAllLines(rootfs.get().resolve(file)).stream().map(line -> line.split(":", -1)).toList();
        }
        catch (IOException e) {
            return List.of();
        }
    }
}

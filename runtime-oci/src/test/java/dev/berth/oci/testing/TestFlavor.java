package dev.berth.oci.testing;

import dev.berth.core.testing.Requirements;
import dev.berth.oci.runtime.OciFlavor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The runtimes the tests run against: runc as installed; crun through a wrapper that hides the unified hierarchy's
 * cgroup.controllers in a private mount namespace (crun 1.8 refuses this host's hybrid layout otherwise; test
 * harness only); and a youki stand-in, runc behind a wrapper that reproduces youki's CLI differences.
 */
public enum TestFlavor
{
    RUNC(OciFlavor.RUNC),
    CRUN(OciFlavor.CRUN),
    YOUKI_LIKE(OciFlavor.YOUKI);

    private final OciFlavor flavor;

    TestFlavor(OciFlavor flavor)
    {
        this.flavor = flavor;
    }

    public OciFlavor flavor()
    {
        return flavor;
    }

    /** Skips (fails with CI=true) unless this host can run this flavor under conmon as root. */
    public void require()
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("conmon");
        switch (this) {
            case RUNC -> Requirements.requireExecutable("runc");
            case CRUN -> {
                Requirements.requireExecutable("crun");
                Requirements.requireExecutable("unshare");
            }
            case YOUKI_LIKE -> {
                Requirements.requireExecutable("runc");
                Requirements.requireExecutable("python3");
            }
        }
    }

    /** The binary to configure, writing its wrapper script into {@code directory} where one is needed. */
    public Path binary(Path directory)
    {
        return switch (this) {
            case RUNC -> Path.of("/usr/sbin/runc");
            case CRUN -> script(directory.resolve("crun-hybrid"), """
                    #!/bin/sh
                    # test harness only: crun 1.8 refuses the hybrid cgroup layout unless the unified
                    # cgroup.controllers is hidden in a private mount namespace
                    EMPTY=%s
                    [ -f "$EMPTY" ] || : > "$EMPTY"
                    exec unshare -m sh -c 'mount --bind "$0" /sys/fs/cgroup/unified/cgroup.controllers && exec /usr/bin/crun "$@"' "$EMPTY" "$@"
                    """.formatted(directory.resolve("empty")));
            case YOUKI_LIKE -> script(directory.resolve("youki-like"), """
                    #!/bin/sh
                    # youki's CLI differences on top of runc: kill needs the signal, and state prints only
                    # ociVersion, id, status, pid, bundle and annotations
                    command=""
                    for arg in "$@"; do
                        case "$arg" in
                            -*) ;;
                            *) command="$arg"; break ;;
                        esac
                    done
                    positional() {
                        seen=0; count=0
                        for arg in "$@"; do
                            case "$arg" in
                                -*) ;;
                                *) if [ $seen = 1 ]; then count=$((count + 1)); fi; [ "$arg" = "$command" ] && seen=1 ;;
                            esac
                        done
                        echo $count
                    }
                    case "$command" in
                        kill)
                            if [ "$(positional "$@")" -lt 2 ]; then
                                echo "error: the following required arguments were not provided: <SIGNAL>" >&2
                                exit 2
                            fi
                            exec /usr/sbin/runc "$@" ;;
                        state)
                            output=$(/usr/sbin/runc "$@") || exit $?
                            printf '%s' "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d[k] for k in ("ociVersion","id","status","pid","bundle","annotations") if k in d}, indent=2))' ;;
                        *)
                            exec /usr/sbin/runc "$@" ;;
                    esac
                    """);
        };
    }

    private static Path script(Path file, String text)
    {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.berth.oci.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/** A root filesystem made of the host's static busybox and a symlink per applet: the test images' content. */
public final class BusyboxRootfs
{
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {}

    public static synchronized Path create(Path directory)
    {
        try {
            if (Files.exists(directory.resolve("bin/sh"))) {
                return directory;
            }
            Path bin = Files.createDirectories(directory.resolve("bin"));
            Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
            Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
            String applets = new String(list.getInputStream().readAllBytes());
            list.waitFor(10, TimeUnit.SECONDS);
            for (String applet : applets.split("\n")) {
                if (!applet.isBlank() && !applet.equals("busybox")) {
                    Files.createSymbolicLink(bin.resolve(applet.strip()), Path.of("busybox"));
                }
            }
            Path etc = Files.createDirectories(directory.resolve("etc"));
            Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
            Files.writeString(etc.resolve("group"), "root:x:0:\nnogroup:x:65534:\n");
            for (String empty : new String[] {"tmp", "proc", "sys", "dev", "root"}) {
                Files.createDirectories(directory.resolve(empty));
            }
            return directory;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

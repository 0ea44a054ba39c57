package dev.berth.image.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Test images built locally, in Java. {@link #busybox()} is a real runnable Linux image: the host's static
 * {@code /bin/busybox} plus a symlink per applet ({@code sh}, {@code echo}, {@code sleep}, {@code cat}, {@code wget},
 * {@code nc}, {@code httpd}, …), {@code /etc/passwd}, {@code /etc/group} and the usual empty directories.
 *
 * <pre>{@code
 * BuiltImage image = TestImages.busybox().cmd("sleep", "3600").writeLayout(dir, "latest");
 * try (TestRegistry registry = TestRegistry.start()) {
 *     String reference = registry.push(TestImages.busybox().build(), "busybox:latest");  // 127.0.0.1:PORT/busybox:latest
 *     PulledImage pulled = imageService.pull(reference, PlatformSpec.ANY, PullListener.NONE);
 * }
 * }</pre>
 */
public final class TestImages
{
    public static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    private TestImages() {}

    /** Whether the host has the static busybox the busybox image is made of (Debian's busybox-static). */
    public static boolean busyboxAvailable()
    {
        return Files.isExecutable(HOST_BUSYBOX);
    }

    /** A one-layer busybox image for the host's architecture, {@code CMD ["sh"]}. */
    public static TestImage busybox()
    {
        return new TestImage().layer(busyboxLayer()).cmd("sh");
    }

    /** An empty Linux image for the host's architecture: add layers to it. */
    public static TestImage image()
    {
        return new TestImage();
    }

    public static TestLayer layer()
    {
        return new TestLayer();
    }

    public static TestIndex index()
    {
        return new TestIndex();
    }

    /** The busybox root filesystem as one layer. */
    public static TestLayer busyboxLayer()
    {
        TestLayer layer = new TestLayer();
        for (String directory : new String[] {"bin", "dev", "etc", "proc", "sys", "root", "home", "var", "usr", "usr/bin", "sbin", "run"}) {
            layer.directory(directory);
        }
        layer.directory("tmp", 01777);
        layer.copyOf("bin/busybox", HOST_BUSYBOX, 0755);
        for (String applet : applets()) {
            if (!applet.equals("busybox")) {
                layer.symlink("bin/" + applet, "busybox");
            }
        }
        layer.file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        layer.file("etc/group", "root:x:0:\nnogroup:x:65534:\n");
        layer.file("etc/hostname", "busybox\n");
        return layer;
    }

    /** The applets the host's busybox offers, or a fixed core set when it cannot say. */
    static Set<String> applets()
    {
        Set<String> applets = new LinkedHashSet<>(java.util.List.of("sh", "echo", "sleep", "cat", "true", "false", "ls", "wget", "nc",
                "httpd", "env", "id", "ps", "kill", "mkdir", "rm", "touch", "test", "hostname", "ip", "ping", "grep", "head", "date"));
        try {
            Process process = new ProcessBuilder(HOST_BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
                for (String line : output.split("\n")) {
                    if (line.matches("[a-z0-9_.\\[-]+") && !line.contains("/")) {
                        applets.add(line.strip());
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot run " + HOST_BUSYBOX + " --list", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return applets;
    }

    /** The host's architecture in OCI's words (amd64, arm64). */
    public static String hostArchitecture()
    {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }
}

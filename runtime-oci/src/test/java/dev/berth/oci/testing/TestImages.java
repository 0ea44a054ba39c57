package dev.berth.oci.testing;

import java.nio.file.Path;
import java.util.Map;

/** The images every Linux backend's tests pull: busybox (also with StopSignal SIGUSR1) and a Windows image. */
public final class TestImages
{
    public static final String BUSYBOX = Specs.BUSYBOX;
    public static final String WINDOWS = "nanoserver:test";
    /** busybox whose image config sets StopSignal SIGUSR1. */
    public static final String BUSYBOX_USR1 = "busybox:usr1";
    private static final Path LAYER = Path.of("/tmp/berth-youki-test/busybox-layer");

    private TestImages() {}

    /** The busybox root filesystem every busybox image's one layer is, made once per machine. */
    public static Path busyboxLayer()
    {
        return BusyboxRootfs.create(LAYER);
    }

    /** An image service holding the three images. */
    public static TestingImageService service()
    {
        return new TestingImageService(
                Map.of(BUSYBOX, TestingImageService.image(BUSYBOX, "linux"), WINDOWS, TestingImageService.image(WINDOWS, "windows"),
                        BUSYBOX_USR1, TestingImageService.image(BUSYBOX_USR1, "linux", "SIGUSR1")),
                Map.of(BUSYBOX, busyboxLayer(), BUSYBOX_USR1, busyboxLayer()));
    }
}

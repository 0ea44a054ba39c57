package dev.berth.hcs.layer;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Memory;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;
import dev.berth.hcs.binding.DriverInfo;
import dev.berth.hcs.binding.Utf16;
import dev.berth.hcs.binding.VmCompute;
import dev.berth.hcs.binding.WC_LAYER_DESCRIPTOR;
import dev.berth.hcs.document.LayerRef;
import dev.berth.hcs.error.HResult;
import dev.berth.hcs.error.HcsCallFailed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Windows layers through {@code vmcompute.dll}, as hcsshim's {@code internal/wclayer} drives them: a container's
 * scratch layer is created over its image layers, activated, prepared (the filter presenting the layers) and its
 * volume path read back; release reverses it. Ids are full folder paths with an empty driver home directory.
 * No JNA type crosses its public methods. Failures are {@link HcsCallFailed}.
 */
public final class LayerManager
{
    /** The scratch disk vmcompute's CreateSandboxLayer writes into the layer folder. */
    public static final String SANDBOX = "sandbox.vhdx";

    /** hcsshim's bound on an HCS operation, for callers without a configured one. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(4);

    private final VmCompute vmCompute;
    private final Duration timeout;

    public LayerManager(VmCompute vmCompute)
    {
        this(vmCompute, DEFAULT_TIMEOUT);
    }

    /** Every vmcompute call is waited for at most {@code timeout} ({@link BoundedCall}). */
    public LayerManager(VmCompute vmCompute, Duration timeout)
    {
        this.vmCompute = requireNonNull(vmCompute, "vmCompute is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** The layers of an image, given bottom first (as the image store lists them), returned topmost first with their ids. */
    public List<LayerRef> layers(List<String> bottomFirst)
    {
        List<LayerRef> layers = new ArrayList<>();
        for (int i = bottomFirst.size() - 1; i >= 0; i--) {
            String path = bottomFirst.get(i);
            layers.add(new LayerRef(layerId(path), path));
        }
        return List.copyOf(layers);
    }

    /** The layer's GUID: NameToGuid of the folder's last path element, as hcsshim's LayerID does. */
    public String layerId(String folder)
    {
        String name = folder.replaceAll("[\\\\/]+$", "");
        name = name.substring(Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/')) + 1);
        Memory guid = new Memory(16);
        guid.clear();
        Memory utf16 = Utf16.of(name);
        call("NameToGuid", () -> vmCompute.NameToGuid(utf16, guid));
        return formatGuid(guid.getByteArray(0, 16));
    }

    /**
     * Mounts a container's scratch layer over {@code layers} (topmost first) and returns its volume path, as hcsshim's
     * {@code internal/layers} does for process isolation: the folder is made if missing, {@code CreateSandboxLayer}
     * runs only where {@code sandbox.vhdx} is absent (vmcompute writes it into an existing folder and will not overwrite
     * it), then the layer is activated and prepared. A failed step undoes the earlier ones: a failed prepare is
     * deactivated, a failed mount-path read unprepared and deactivated. The folder and its disk stay, for
     * {@link #destroyScratch}.
     *
     * @throws UncheckedIOException when the folder cannot be made
     */
    public String mountScratch(String scratchPath, List<LayerRef> layers)
    {
        DriverInfo info = driverInfo();
        Memory id = Utf16.of(scratchPath);
        List<Memory> keepAlive = new ArrayList<>();
        WC_LAYER_DESCRIPTOR descriptors = descriptors(layers, keepAlive);
        Path folder = Path.of(scratchPath);
        try {
            Files.createDirectories(folder);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create the scratch layer folder " + folder, e);
        }
        if (!Files.exists(folder.resolve(SANDBOX))) {
            call("CreateSandboxLayer", () -> vmCompute.CreateSandboxLayer(info, id, null, descriptors, layers.size()));
        }
        call("ActivateLayer", () -> vmCompute.ActivateLayer(info, id));
        try {
            call("PrepareLayer", () -> vmCompute.PrepareLayer(info, id, descriptors, layers.size()));
        }
        catch (HcsCallFailed e) {
            undo(e, () -> call("DeactivateLayer", () -> vmCompute.DeactivateLayer(info, id)));
            throw e;
        }
        try {
            return mountPath(info, id);
        }
        catch (HcsCallFailed e) {
            undo(e, () -> unmountScratch(scratchPath));
            throw e;
        }
    }

    /** Unprepares and deactivates a scratch layer mounted by {@link #mountScratch}. */
    public void unmountScratch(String scratchPath)
    {
        DriverInfo info = driverInfo();
        Memory id = Utf16.of(scratchPath);
        call("UnprepareLayer", () -> vmCompute.UnprepareLayer(info, id));
        call("DeactivateLayer", () -> vmCompute.DeactivateLayer(info, id));
    }

    /** Deletes an unmounted scratch layer, its disk and its folder, so the id can be used again from nothing. */
    public void destroyScratch(String scratchPath)
    {
        call("DestroyLayer", () -> vmCompute.DestroyLayer(driverInfo(), Utf16.of(scratchPath)));
    }

    private static void undo(HcsCallFailed failure, Runnable step)
    {
        try {
            step.run();
        }
        catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Imports the legacy-format folder {@code importFolder} into the layer folder {@code layerPath} over
     * {@code parentsNearestFirst}, as hcsshim's {@code wclayer.ImportLayer} does for a layer that is not a base layer.
     * vmcompute needs the parents on disk to read the transport format against them; the stand-ins refuse a missing
     * one with {@code ERROR_PATH_NOT_FOUND}, as Windows answers for a path that is not there.
     */
    public void importLayer(String layerPath, String importFolder, List<String> parentsNearestFirst)
    {
        List<LayerRef> parents = parentsNearestFirst.stream().map(parent -> new LayerRef(layerId(parent), parent)).toList();
        List<Memory> keepAlive = new ArrayList<>();
        WC_LAYER_DESCRIPTOR descriptors = descriptors(parents, keepAlive);
        Memory id = Utf16.of(layerPath);
        Memory path = Utf16.of(importFolder);
        call("ImportLayer", () -> vmCompute.ImportLayer(driverInfo(), id, path, descriptors, parents.size()));
    }

    /** Grants the utility VM {@code vmId} access to {@code file}, its scratch disk. */
    public void grantVmAccess(String vmId, String file)
    {
        call("GrantVmAccess", () -> vmCompute.GrantVmAccess(Utf16.of(vmId), Utf16.of(file)));
    }

    /** Post-processes an unpacked base layer (its hives and boot files) so containers can use it. */
    public void processBaseImage(String path)
    {
        call("ProcessBaseImage", () -> vmCompute.ProcessBaseImage(Utf16.of(path)));
    }

    /** Prepares a base layer's {@code UtilityVM} folder for Hyper-V isolation. */
    public void processUtilityImage(String path)
    {
        call("ProcessUtilityImage", () -> vmCompute.ProcessUtilityImage(Utf16.of(path)));
    }

    private String mountPath(DriverInfo info, Memory id)
    {
        LongByReference length = new LongByReference(0);
        call("GetLayerMountPath", () -> vmCompute.GetLayerMountPath(info, id, length, null));
        long units = length.getValue();
        if (units <= 0) {
            return "";
        }
        Memory buffer = new Memory(units * 2);
        buffer.clear();
        call("GetLayerMountPath", () -> vmCompute.GetLayerMountPath(info, id, length, buffer));
        return Utf16.read(buffer, units);
    }

    private static WC_LAYER_DESCRIPTOR descriptors(List<LayerRef> layers, List<Memory> keepAlive)
    {
        if (layers.isEmpty()) {
            return null;
        }
        WC_LAYER_DESCRIPTOR first = new WC_LAYER_DESCRIPTOR();
        Structure[] array = first.toArray(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            WC_LAYER_DESCRIPTOR descriptor = (WC_LAYER_DESCRIPTOR) array[i];
            descriptor.LayerId = guidBytes(layers.get(i).id());
            descriptor.Flags = 0;
            Memory path = Utf16.of(layers.get(i).path());
            keepAlive.add(path);
            descriptor.Path = path;
            descriptor.write();
        }
        return first;
    }

    private static DriverInfo driverInfo()
    {
        return new DriverInfo(DriverInfo.FILTER_DRIVER, Utf16.of(""));
    }

    /** A GUID's text form from its 16 in-memory bytes (Data1, Data2, Data3 little-endian, then Data4 as is). */
    static String formatGuid(byte[] bytes)
    {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int data1 = buffer.getInt();
        short data2 = buffer.getShort();
        short data3 = buffer.getShort();
        StringBuilder text = new StringBuilder(String.format("%08x-%04x-%04x-", data1, data2 & 0xFFFF, data3 & 0xFFFF));
        for (int i = 8; i < 16; i++) {
            text.append(String.format("%02x", bytes[i] & 0xFF));
            if (i == 9) {
                text.append('-');
            }
        }
        return text.toString();
    }

    /** The inverse of {@link #formatGuid}. */
    static byte[] guidBytes(String guid)
    {
        String hex = guid.replace("-", "");
        if (hex.length() != 32) {
            throw new IllegalArgumentException("not a GUID: " + guid);
        }
        ByteBuffer buffer = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt((int) Long.parseLong(hex.substring(0, 8), 16));
        buffer.putShort((short) Integer.parseInt(hex.substring(8, 12), 16));
        buffer.putShort((short) Integer.parseInt(hex.substring(12, 16), 16));
        for (int i = 16; i < 32; i += 2) {
            buffer.put((byte) Integer.parseInt(hex.substring(i, i + 2), 16));
        }
        return buffer.array();
    }

    private void call(String function, IntSupplier call)
    {
        BoundedCall.run(function, timeout, call);
    }
}

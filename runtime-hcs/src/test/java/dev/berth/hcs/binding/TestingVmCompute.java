package dev.berth.hcs.binding;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A hand-written vmcompute: records each call as {@code Function path} and mounts every scratch at a fixed volume. */
public final class TestingVmCompute
        implements VmCompute
{
    public static final String VOLUME = "\\\\?\\Volume{00000000-0000-0000-0000-0000000000aa}\\";

    private static final int ERROR_PATH_NOT_FOUND = 0x80070003;

    private final List<String> calls = new ArrayList<>();

    private final java.util.Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();

    /** The next call of {@code function} returns {@code hresult}. */
    public void failNext(String function, int hresult)
    {
        failures.put(function, hresult);
    }

    public synchronized List<String> calls()
    {
        return List.copyOf(calls);
    }

    private synchronized int record(String function, Pointer id)
    {
        calls.add(function + " " + Utf16.read(id));
        return 0;
    }

    @Override
    public int ActivateLayer(DriverInfo info, Pointer id)
    {
        return record("ActivateLayer", id);
    }

    @Override
    public int PrepareLayer(DriverInfo info, Pointer id, WC_LAYER_DESCRIPTOR layers, int layerCount)
    {
        return record("PrepareLayer", id);
    }

    @Override
    public int UnprepareLayer(DriverInfo info, Pointer id)
    {
        return record("UnprepareLayer", id);
    }

    @Override
    public int DeactivateLayer(DriverInfo info, Pointer id)
    {
        return record("DeactivateLayer", id);
    }

    @Override
    public int GrantVmAccess(Pointer vmid, Pointer filepath)
    {
        return record("GrantVmAccess", filepath);
    }

    @Override
    public int DestroyLayer(DriverInfo info, Pointer id)
    {
        return record("DestroyLayer", id);
    }

    @Override
    public int GetLayerMountPath(DriverInfo info, Pointer id, LongByReference length, Pointer buffer)
    {
        byte[] text = (VOLUME + "\0").getBytes(StandardCharsets.UTF_16LE);
        if (buffer == null) {
            length.setValue(text.length / 2);
            return 0;
        }
        buffer.write(0, text, 0, text.length);
        return record("GetLayerMountPath", id);
    }

    @Override
    public int CreateSandboxLayer(DriverInfo info, Pointer id, Pointer parentId, WC_LAYER_DESCRIPTOR layers, int layerCount)
    {
        return record("CreateSandboxLayer", id);
    }

    @Override
    public int NameToGuid(Pointer name, Pointer guid)
    {
        byte[] bytes = new byte[16];
        byte[] text = Utf16.read(name).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < text.length; i++) {
            bytes[i % 16] ^= text[i];
        }
        guid.write(0, bytes, 0, 16);
        return 0;
    }

    /**
     * As vmcompute: the parents must be on disk and the import folder must hold {@code Files}, else
     * {@code ERROR_PATH_NOT_FOUND}; the import folder's content becomes the layer's.
     */
    @Override
    public int ImportLayer(DriverInfo info, Pointer id, Pointer path, WC_LAYER_DESCRIPTOR layers, int layerCount)
    {
        record("ImportLayer", id);
        Integer failure = failures.remove("ImportLayer");
        if (failure != null) {
            return failure;
        }
        Path layer = Path.of(Utf16.read(id));
        Path source = Path.of(Utf16.read(path));
        if (layerCount > 0) {
            for (Structure descriptor : layers.toArray(layerCount)) {
                if (!Files.isDirectory(Path.of(Utf16.read(((WC_LAYER_DESCRIPTOR) descriptor).Path)))) {
                    return ERROR_PATH_NOT_FOUND;
                }
            }
        }
        if (!Files.isDirectory(layer) || !Files.isDirectory(source.resolve("Files"))) {
            return ERROR_PATH_NOT_FOUND;
        }
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path from : paths.toList()) {
                Path to = layer.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                }
                else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    @Override
    public int ProcessBaseImage(Pointer path)
    {
        return processImage("ProcessBaseImage", path);
    }

    @Override
    public int ProcessUtilityImage(Pointer path)
    {
        return processImage("ProcessUtilityImage", path);
    }

    /** As the C stub: processing needs the files already extracted to {@code <path>\Files}. */
    private int processImage(String function, Pointer path)
    {
        record(function, path);
        return Files.isDirectory(Path.of(Utf16.read(path)).resolve("Files")) ? 0 : ERROR_PATH_NOT_FOUND;
    }
}

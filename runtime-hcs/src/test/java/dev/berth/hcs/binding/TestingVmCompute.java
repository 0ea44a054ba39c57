package dev.berth.hcs.binding;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A hand-written vmcompute: records each call as {@code Function path} and mounts every scratch at a fixed volume. */
public final class TestingVmCompute
        implements VmCompute
{
    public static final String VOLUME = "\\\\?\\Volume{00000000-0000-0000-0000-0000000000aa}\\";

    private final List<String> calls = new ArrayList<>();

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

    @Override
    public int ProcessBaseImage(Pointer path)
    {
        return record("ProcessBaseImage", path);
    }

    @Override
    public int ProcessUtilityImage(Pointer path)
    {
        return record("ProcessUtilityImage", path);
    }
}

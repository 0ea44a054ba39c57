package dev.berth.hcs.binding;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

/**
 * The Windows-layer functions of {@code vmcompute.dll}, with Windows' names, as hcsshim's
 * {@code internal/wclayer/wclayer.go} declares them. Every {@code id} is the layer's folder path as UTF-16
 * ({@link Utf16}); {@code info} is a {@link DriverInfo} (flavour 1, the filter driver, empty home directory).
 * Every function returns an {@code HRESULT}. No {@code INSTANCE} field: {@link HcsLibraries} loads it.
 */
public interface VmCompute
        extends Library
{
    /** {@code HRESULT ActivateLayer(DriverInfo* info, PCWSTR id);} Mounts the scratch layer's volume. */
    int ActivateLayer(DriverInfo info, Pointer id);

    /**
     * {@code HRESULT PrepareLayer(DriverInfo* info, PCWSTR id, WC_LAYER_DESCRIPTOR* layers, ULONG layerCount);}
     * Sets up the filter that presents {@code layers} (topmost first) under the activated scratch layer.
     *
     * @param layers [in] the first of {@code layerCount} contiguous descriptors ({@link com.sun.jna.Structure#toArray}), the
     * caller's memory
     */
    int PrepareLayer(DriverInfo info, Pointer id, WC_LAYER_DESCRIPTOR layers, int layerCount);

    /** {@code HRESULT UnprepareLayer(DriverInfo* info, PCWSTR id);} */
    int UnprepareLayer(DriverInfo info, Pointer id);

    /** {@code HRESULT DeactivateLayer(DriverInfo* info, PCWSTR id);} */
    int DeactivateLayer(DriverInfo info, Pointer id);

    /**
     * {@code HRESULT DestroyLayer(DriverInfo* info, PCWSTR id);} Removes the layer's files and its folder (hcsshim
     * {@code internal/wclayer/destroylayer.go}). The layer must be deactivated first.
     */
    int DestroyLayer(DriverInfo info, Pointer id);

    /**
     * {@code HRESULT GetLayerMountPath(DriverInfo* info, PCWSTR id, SIZE_T* length, PWSTR buffer);} Called twice:
     * with a null buffer to learn the length in UTF-16 units (including the NUL), then with a caller-allocated buffer
     * of that many units.
     *
     * @param length [in, out] SIZE_T, the buffer's length in UTF-16 code units
     * @param buffer [out, optional] caller-owned
     */
    int GetLayerMountPath(DriverInfo info, Pointer id, LongByReference length, Pointer buffer);

    /**
     * {@code HRESULT CreateSandboxLayer(DriverInfo* info, PCWSTR id, PCWSTR parentId, WC_LAYER_DESCRIPTOR* layers,
     * ULONG layerCount);} Creates a container's scratch layer over its image layers.
     *
     * @param parentId [in, optional] null, as hcsshim passes it
     */
    int CreateSandboxLayer(DriverInfo info, Pointer id, Pointer parentId, WC_LAYER_DESCRIPTOR layers, int layerCount);

    /**
     * {@code HRESULT GrantVmAccess(PCWSTR vmid, PCWSTR filepath);} Lets the utility VM {@code vmid} open
     * {@code filepath} (its scratch disk), as hcsshim's {@code internal/wcow/scratch.go} does after copying it.
     */
    int GrantVmAccess(Pointer vmid, Pointer filepath);

    /** {@code HRESULT NameToGuid(PCWSTR name, GUID* guid);} The layer id of a layer folder's name. [out] 16 bytes. */
    int NameToGuid(Pointer name, Pointer guid);

    /**
     * {@code HRESULT ImportLayer(DriverInfo* info, PCWSTR id, PCWSTR path, WC_LAYER_DESCRIPTOR* layers, ULONG layerCount);}
     * Imports the legacy-format folder {@code path} ({@code Files\}, {@code tombstones.txt}) into the layer folder
     * {@code id}, over the parent layers {@code layers} (nearest first), which must already be on disk (hcsshim
     * {@code internal/wclayer/importlayer.go}: "all parent layers must already be present on the system").
     *
     * @param layers [in] the first of {@code layerCount} contiguous descriptors, the caller's memory; null when none
     */
    int ImportLayer(DriverInfo info, Pointer id, Pointer path, WC_LAYER_DESCRIPTOR layers, int layerCount);

    /** {@code HRESULT ProcessBaseImage(PCWSTR path);} Post-processes an unpacked base layer (registry hives, BCD). */
    int ProcessBaseImage(Pointer path);

    /** {@code HRESULT ProcessUtilityImage(PCWSTR path);} Prepares a base layer's UtilityVM folder for Hyper-V isolation. */
    int ProcessUtilityImage(Pointer path);
}

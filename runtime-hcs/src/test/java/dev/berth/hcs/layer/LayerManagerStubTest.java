package dev.berth.hcs.layer;

import dev.berth.hcs.HcsStub;
import dev.berth.hcs.document.LayerRef;
import dev.berth.hcs.error.HcsCallFailed;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vmcompute layer calls against the C stub: driver info, UTF-16 ids, descriptor arrays, the two-call mount path. */
@Isolated
class LayerManagerStubTest
{
    private HcsStub stub;
    private LayerManager layers;

    @BeforeEach
    void setUp()
    {
        stub = HcsStub.load();
        layers = new LayerManager(stub.libraries().vmCompute());
    }

    @Test
    void mountsAScratchLayerOverTheImageLayersTopmostFirst()
    {
        List<LayerRef> image = layers.layers(List.of("C:\\layers\\base-ü", "C:\\layers\\top"));
        assertThat(image).extracting(LayerRef::path).containsExactly("C:\\layers\\top", "C:\\layers\\base-ü");
        assertThat(image.get(0).id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(image.get(0).id()).isNotEqualTo(image.get(1).id());

        String volume = layers.mountScratch("C:\\hcs\\web-1", image);

        assertThat(volume).isEqualTo("\\\\?\\Volume{5e1c9d2a-0000-4000-8000-00000000b37b}\\");
        String descriptors = " layer[0]=" + hex(image.get(0)) + ",C:\\layers\\top layer[1]=" + hex(image.get(1)) + ",C:\\layers\\base-ü";
        assertThat(stub.records().stream().filter(line -> !line.startsWith("NameToGuid")).toList()).containsExactly(
                "CreateSandboxLayer\tC:\\hcs\\web-1\tflavour=1 home=" + descriptors,
                "ActivateLayer\tC:\\hcs\\web-1\tflavour=1 home=",
                "PrepareLayer\tC:\\hcs\\web-1\tflavour=1 home=" + descriptors,
                "GetLayerMountPath\tC:\\hcs\\web-1\tflavour=1 home= (length)",
                "GetLayerMountPath\tC:\\hcs\\web-1\tflavour=1 home= (buffer)");
        assertThat(stub.records()).contains("NameToGuid\tbase-ü\t", "NameToGuid\ttop\t");
    }

    @Test
    void unmountReversesTheMount()
    {
        layers.unmountScratch("C:\\hcs\\web-1");
        assertThat(stub.records()).containsExactly("UnprepareLayer\tC:\\hcs\\web-1\tflavour=1 home=", "DeactivateLayer\tC:\\hcs\\web-1\tflavour=1 home=");
    }

    @Test
    void failingCallNamesTheFunctionAndHresult()
    {
        stub.script("ActivateLayer", 0x80070005, null);
        assertThatThrownBy(() -> layers.mountScratch("C:\\hcs\\denied", List.of()))
                .isInstanceOf(HcsCallFailed.class).hasMessageContaining("ActivateLayer").hasMessageContaining("0x80070005");
    }

    @Test
    void baseAndUtilityImagesAreProcessed()
    {
        layers.processBaseImage("C:\\layers\\base");
        layers.processUtilityImage("C:\\layers\\base\\UtilityVM");
        assertThat(stub.records()).containsExactly("ProcessBaseImage\tC:\\layers\\base\tflavour=-1 home=(no info)",
                "ProcessUtilityImage\tC:\\layers\\base\\UtilityVM\tflavour=-1 home=(no info)");
    }

    @Test
    void guidTextAndBytesRoundTrip()
    {
        String guid = "6a1c3e0f-0b55-5b6c-9d1c-8e4fb1a2c3d4";
        assertThat(LayerManager.formatGuid(LayerManager.guidBytes(guid))).isEqualTo(guid);
        // Data1, Data2 and Data3 are little-endian in memory; Data4 is as written
        assertThat(HexFormat.of().formatHex(LayerManager.guidBytes(guid))).isEqualTo("0f3e1c6a550b6c5b9d1c8e4fb1a2c3d4");
    }

    private static String hex(LayerRef layer)
    {
        return HexFormat.of().formatHex(LayerManager.guidBytes(layer.id()));
    }
}

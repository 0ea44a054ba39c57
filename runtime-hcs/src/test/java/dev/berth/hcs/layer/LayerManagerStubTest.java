package dev.berth.hcs.layer;

import dev.berth.hcs.HcsStub;
import dev.berth.hcs.document.LayerRef;
import dev.berth.hcs.error.HcsCallFailed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vmcompute layer calls against the C stub: driver info, UTF-16 ids, descriptor arrays, the two-call mount path. */
@Isolated
class LayerManagerStubTest
{
    @TempDir
    Path root;

    private HcsStub stub;
    private LayerManager layers;

    @BeforeEach
    void setUp()
    {
        stub = HcsStub.load();
        layers = new LayerManager(stub.libraries().vmCompute());
    }

    @AfterEach
    void inOrder()
    {
        assertThat(stub.counter(HcsStub.LAYER_ORDER_VIOLATIONS)).as("layer calls out of vmcompute's order").isZero();
    }

    @Test
    void mountsAScratchLayerOverTheImageLayersTopmostFirst()
    {
        List<LayerRef> image = layers.layers(List.of("C:\\layers\\base-ü", "C:\\layers\\top"));
        assertThat(image).extracting(LayerRef::path).containsExactly("C:\\layers\\top", "C:\\layers\\base-ü");
        assertThat(image.get(0).id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(image.get(0).id()).isNotEqualTo(image.get(1).id());
        String scratch = root.resolve("web-1").toString();

        String volume = layers.mountScratch(scratch, image);

        assertThat(volume).isEqualTo("\\\\?\\Volume{5e1c9d2a-0000-4000-8000-00000000b37b}\\");
        String descriptors = " layer[0]=" + hex(image.get(0)) + ",C:\\layers\\top layer[1]=" + hex(image.get(1)) + ",C:\\layers\\base-ü";
        assertThat(stub.records().stream().filter(line -> !line.startsWith("NameToGuid")).toList()).containsExactly(
                "CreateSandboxLayer\t" + scratch + "\tflavour=1 home=" + descriptors,
                "ActivateLayer\t" + scratch + "\tflavour=1 home=",
                "PrepareLayer\t" + scratch + "\tflavour=1 home=" + descriptors,
                "GetLayerMountPath\t" + scratch + "\tflavour=1 home= (length)",
                "GetLayerMountPath\t" + scratch + "\tflavour=1 home= (buffer)");
        assertThat(stub.records()).contains("NameToGuid\tbase-ü\t", "NameToGuid\ttop\t");
        assertThat(root.resolve("web-1").resolve(LayerManager.SANDBOX)).as("the folder was made for vmcompute to write into").exists();
        layers.unmountScratch(scratch);
        layers.destroyScratch(scratch);
    }

    @Test
    void unmountAndDestroyReverseTheMountAndLeaveNothing()
    {
        String scratch = root.resolve("web-2").toString();
        layers.mountScratch(scratch, List.of());
        assertThat(stub.counter(HcsStub.LAYERS_ACTIVE)).isEqualTo(1);
        layers.unmountScratch(scratch);
        layers.destroyScratch(scratch);
        assertThat(stub.records().subList(stub.records().size() - 3, stub.records().size())).containsExactly(
                "UnprepareLayer\t" + scratch + "\tflavour=1 home=", "DeactivateLayer\t" + scratch + "\tflavour=1 home=",
                "DestroyLayer\t" + scratch + "\tflavour=1 home=");
        assertThat(stub.counter(HcsStub.LAYERS_ACTIVE)).isZero();
        assertThat(root.resolve("web-2")).doesNotExist();
    }

    @Test
    void anExistingScratchDiskIsUsedNotCreatedAgain()
            throws IOException
    {
        Path folder = Files.createDirectories(root.resolve("web-3"));
        Files.writeString(folder.resolve(LayerManager.SANDBOX), "made earlier");
        String scratch = folder.toString();
        layers.mountScratch(scratch, List.of());
        assertThat(stub.records()).noneMatch(line -> line.startsWith("CreateSandboxLayer"));
        assertThat(folder.resolve(LayerManager.SANDBOX)).hasContent("made earlier");
        layers.unmountScratch(scratch);
        layers.destroyScratch(scratch);
    }

    @Test
    void aFailedPrepareIsDeactivated()
    {
        String scratch = root.resolve("web-4").toString();
        stub.script("PrepareLayer", 0x80070015, null);
        assertThatThrownBy(() -> layers.mountScratch(scratch, List.of())).isInstanceOf(HcsCallFailed.class).hasMessageContaining("PrepareLayer");
        assertThat(stub.records()).contains("DeactivateLayer\t" + scratch + "\tflavour=1 home=");
        assertThat(stub.counter(HcsStub.LAYERS_ACTIVE)).isZero();
    }

    @Test
    void aFailedMountPathReadIsUnpreparedAndDeactivated()
    {
        String scratch = root.resolve("web-5").toString();
        stub.script("GetLayerMountPath", 0x80070015, null);
        assertThatThrownBy(() -> layers.mountScratch(scratch, List.of())).isInstanceOf(HcsCallFailed.class).hasMessageContaining("GetLayerMountPath");
        assertThat(stub.records()).contains("UnprepareLayer\t" + scratch + "\tflavour=1 home=", "DeactivateLayer\t" + scratch + "\tflavour=1 home=");
        assertThat(stub.counter(HcsStub.LAYERS_ACTIVE)).isZero();
    }

    @Test
    void failingCallNamesTheFunctionAndHresult()
    {
        stub.script("ActivateLayer", 0x80070005, null);
        assertThatThrownBy(() -> layers.mountScratch(root.resolve("denied").toString(), List.of()))
                .isInstanceOf(HcsCallFailed.class).hasMessageContaining("ActivateLayer").hasMessageContaining("0x80070005");
    }

    @Test
    void baseAndUtilityImagesAreProcessedOnlyOnceTheirFilesAreWritten()
            throws IOException
    {
        Path base = root.resolve("base-ü");
        Path utilityVm = base.resolve("UtilityVM");
        assertThatThrownBy(() -> layers.processBaseImage(base.toString())).isInstanceOfSatisfying(HcsCallFailed.class,
                failure -> assertThat(failure.hresult().value()).as("no Files yet").isEqualTo(0x80070003));
        Files.createDirectories(base.resolve("Files"));
        Files.createDirectories(utilityVm.resolve("Files"));
        layers.processBaseImage(base.toString());
        layers.processUtilityImage(utilityVm.toString());
        assertThat(stub.records()).endsWith("ProcessBaseImage\t" + base + "\tflavour=-1 home=(no info)",
                "ProcessUtilityImage\t" + utilityVm + "\tflavour=-1 home=(no info)");
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

    @Test
    void importLayerNeedsItsParentsOnDiskAndNamesThemNearestFirst()
            throws IOException
    {
        Path base = Files.createDirectories(root.resolve("base"));
        Path middle = Files.createDirectories(root.resolve("middle"));
        Path layer = Files.createDirectories(root.resolve("top"));
        Path source = Files.createDirectories(root.resolve("top.import").resolve("Files").resolve("app")).getParent().getParent();
        Files.writeString(source.resolve("Files/app/new.txt"), "new");

        assertThatThrownBy(() -> layers.importLayer(layer.toString(), source.toString(), List.of(middle.toString(), root.resolve("gone").toString())))
                .isInstanceOfSatisfying(HcsCallFailed.class, failure -> {
                    assertThat(failure.function()).isEqualTo("ImportLayer");
                    assertThat(failure.hresult().value()).isEqualTo(0x80070003);
                });
        assertThat(layer.resolve("Files")).as("nothing imported over a missing parent").doesNotExist();

        layers.importLayer(layer.toString(), source.toString(), List.of(middle.toString(), base.toString()));
        assertThat(layer.resolve("Files/app/new.txt")).hasContent("new");
        List<String> imports = stub.records().stream().filter(line -> line.startsWith("ImportLayer\t")).toList();
        assertThat(imports.get(1)).isEqualTo("ImportLayer\t" + layer + "\tflavour=1 home= from=" + source + " layer[0]="
                + hex(new LayerRef(layers.layerId(middle.toString()), middle.toString())) + "," + middle + " layer[1]="
                + hex(new LayerRef(layers.layerId(base.toString()), base.toString())) + "," + base);
    }
}

package dev.berth.image.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.oci.MediaTypes;
import dev.berth.image.reference.Digests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A multi-platform image: an OCI index (or Docker manifest list) over several {@link TestImage}s. */
public final class TestIndex
{
    private final List<TestImage> images = new ArrayList<>();
    private boolean docker;

    public TestIndex add(TestImage image)
    {
        images.add(image);
        return this;
    }

    public TestIndex dockerManifestList()
    {
        this.docker = true;
        return this;
    }

    /** The index, with each platform's manifest, config and layers among its blobs. */
    public BuiltImage build()
    {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        ArrayNode manifests = TestImage.MAPPER.createArrayNode();
        for (TestImage image : images) {
            BuiltImage built = image.build();
            blobs.putAll(built.blobs());
            blobs.put(built.digest(), built.manifest());
            ObjectNode descriptor = TestImage.descriptor(built.mediaType(), built.digest(), built.manifest().length);
            ObjectNode platform = descriptor.putObject("platform");
            platform.put("architecture", image.architecture());
            platform.put("os", image.os());
            if (image.variant() != null) {
                platform.put("variant", image.variant());
            }
            if (image.osVersion() != null) {
                platform.put("os.version", image.osVersion());
            }
            manifests.add(descriptor);
        }
        ObjectNode index = TestImage.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        String mediaType = docker ? MediaTypes.DOCKER_MANIFEST_LIST : MediaTypes.OCI_INDEX;
        index.put("mediaType", mediaType);
        index.set("manifests", manifests);
        byte[] bytes = TestImage.json(index);
        return new BuiltImage(Digests.sha256(bytes), mediaType, bytes, blobs, List.of(), List.of());
    }

    public BuiltImage writeLayout(Path directory, String refName)
    {
        BuiltImage built = build();
        ImageWriters.writeLayout(directory, built, refName);
        return built;
    }
}

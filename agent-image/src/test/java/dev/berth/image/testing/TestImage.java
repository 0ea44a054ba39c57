package dev.berth.image.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.oci.MediaTypes;
import dev.berth.image.reference.Digests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A single-platform image built in memory: platform, process defaults and layers, serialized as an OCI manifest or
 * (with {@link #dockerMediaTypes()}) a Docker v2 schema 2 one. Write it as a layout, an OCI archive or a docker
 * archive, or push it with {@link TestRegistry#push}.
 */
public final class TestImage
{
    static final ObjectMapper MAPPER = new ObjectMapper();

    private String os = "linux";
    private String architecture = TestImages.hostArchitecture();
    private String variant;
    private String osVersion;
    private final List<String> entrypoint = new ArrayList<>();
    private final List<String> cmd = new ArrayList<>();
    private final List<String> env = new ArrayList<>(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    private String workingDir = "";
    private String user = "";
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<TestLayer> layers = new ArrayList<>();
    private final Map<String, String> manifestAnnotations = new LinkedHashMap<>();
    private boolean docker;
    private String configOverride;

    public TestImage platform(String os, String architecture)
    {
        this.os = os;
        this.architecture = architecture;
        return this;
    }

    public TestImage variant(String variant)
    {
        this.variant = variant;
        return this;
    }

    public TestImage osVersion(String osVersion)
    {
        this.osVersion = osVersion;
        return this;
    }

    public TestImage entrypoint(String... words)
    {
        entrypoint.clear();
        entrypoint.addAll(List.of(words));
        return this;
    }

    public TestImage cmd(String... words)
    {
        cmd.clear();
        cmd.addAll(List.of(words));
        return this;
    }

    public TestImage env(String assignment)
    {
        env.add(assignment);
        return this;
    }

    public TestImage workingDir(String workingDir)
    {
        this.workingDir = workingDir;
        return this;
    }

    public TestImage user(String user)
    {
        this.user = user;
        return this;
    }

    public TestImage label(String key, String value)
    {
        labels.put(key, value);
        return this;
    }

    public TestImage layer(TestLayer layer)
    {
        layers.add(layer);
        return this;
    }

    /** Serialize with Docker v2 schema 2 media types instead of OCI ones. */
    public TestImage dockerMediaTypes()
    {
        this.docker = true;
        return this;
    }

    /** Pads the manifest with an annotation of {@code bytes} characters, for size-limit tests. */
    public TestImage manifestPadding(int bytes)
    {
        manifestAnnotations.put("dev.berth.test.padding", "x".repeat(bytes));
        return this;
    }

    /** Uses {@code json} verbatim as the image config, for malformed or oversized configs. */
    public TestImage rawConfig(String json)
    {
        this.configOverride = json;
        return this;
    }

    public String os()
    {
        return os;
    }

    public String architecture()
    {
        return architecture;
    }

    public String variant()
    {
        return variant;
    }

    public String osVersion()
    {
        return osVersion;
    }

    public BuiltImage build()
    {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        List<String> diffIds = new ArrayList<>();
        List<String> layerDigests = new ArrayList<>();
        ArrayNode layerDescriptors = MAPPER.createArrayNode();
        for (TestLayer layer : layers) {
            byte[] blob = layer.blob();
            String digest = Digests.sha256(blob);
            diffIds.add(layer.compression() == dev.berth.image.unpack.Compression.NONE ? digest : layer.diffId());
            layerDigests.add(digest);
            blobs.put(digest, blob);
            layerDescriptors.add(descriptor(layer.mediaType(docker), digest, blob.length));
        }
        byte[] config = configOverride != null ? configOverride.getBytes(java.nio.charset.StandardCharsets.UTF_8) : config(diffIds);
        String configDigest = Digests.sha256(config);
        blobs.put(configDigest, config);
        ObjectNode manifest = MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        String mediaType = docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST;
        manifest.put("mediaType", mediaType);
        manifest.set("config", descriptor(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, configDigest, config.length));
        manifest.set("layers", layerDescriptors);
        if (!manifestAnnotations.isEmpty()) {
            ObjectNode annotations = manifest.putObject("annotations");
            manifestAnnotations.forEach(annotations::put);
        }
        byte[] manifestBytes = json(manifest);
        return new BuiltImage(Digests.sha256(manifestBytes), mediaType, manifestBytes, blobs, layerDigests, diffIds);
    }

    /** Writes an OCI image layout directory with this image tagged {@code refName} (e.g. {@code latest}). */
    public BuiltImage writeLayout(Path directory, String refName)
    {
        BuiltImage built = build();
        ImageWriters.writeLayout(directory, built, refName);
        return built;
    }

    private byte[] config(List<String> diffIds)
    {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("architecture", architecture);
        root.put("os", os);
        if (variant != null) {
            root.put("variant", variant);
        }
        if (osVersion != null) {
            root.put("os.version", osVersion);
        }
        root.put("created", "2023-11-14T22:13:20Z");
        ObjectNode config = root.putObject("config");
        if (!entrypoint.isEmpty()) {
            entrypoint.forEach(config.putArray("Entrypoint")::add);
        }
        if (!cmd.isEmpty()) {
            cmd.forEach(config.putArray("Cmd")::add);
        }
        env.forEach(config.putArray("Env")::add);
        if (!workingDir.isEmpty()) {
            config.put("WorkingDir", workingDir);
        }
        if (!user.isEmpty()) {
            config.put("User", user);
        }
        if (!labels.isEmpty()) {
            ObjectNode labelNode = config.putObject("Labels");
            labels.forEach(labelNode::put);
        }
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        diffIds.forEach(rootfs.putArray("diff_ids")::add);
        return json(root);
    }

    static ObjectNode descriptor(String mediaType, String digest, long size)
    {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("mediaType", mediaType);
        node.put("digest", digest);
        node.put("size", size);
        return node;
    }

    static byte[] json(Object node)
    {
        try {
            return MAPPER.writeValueAsBytes(node);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

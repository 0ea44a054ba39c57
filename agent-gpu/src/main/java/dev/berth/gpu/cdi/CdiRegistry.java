package dev.berth.gpu.cdi;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.error.Configuration;
import dev.berth.gpu.edit.ContainerEdits;
import dev.berth.gpu.host.HostView;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CDI specs found on a host, read afresh on each {@link #resolve} so a driver upgrade that rewrites them is
 * seen without restarting the agent. Directories are read in order; a device defined again in a later directory
 * replaces the earlier definition ({@code /var/run/cdi} over {@code /etc/cdi}, as in CDI's own registry).
 */
public final class CdiRegistry
{
    private static final Logger log = LogManager.getLogger(CdiRegistry.class);

    private final HostView host;
    private final List<String> directories;

    public CdiRegistry(HostView host, List<String> directories)
    {
        this.host = requireNonNull(host, "host is null");
        this.directories = List.copyOf(requireNonNull(directories, "directories is null"));
    }

    /**
     * The edits for fully qualified CDI device names ({@code nvidia.com/gpu=0}, {@code nvidia.com/gpu=all}): each
     * device's own edits, plus once per spec the spec-wide edits.
     *
     * @throws Configuration when a name is malformed, no spec defines its kind, the kind has no such device, or a
     * device node it names is missing on the host. This is a host prerequisite (the vendor's CDI spec, usually
     * from {@code nvidia-ctk cdi generate}) rather than a fault of the service spec, and there is no CPU fallback.
     */
    public ContainerEdits resolve(List<String> qualifiedNames)
    {
        requireNonNull(qualifiedNames, "qualifiedNames is null");
        Loaded loaded = load();
        ContainerEdits edits = ContainerEdits.NONE;
        CdiEditsReader reader = new CdiEditsReader(host);
        Set<String> commonApplied = new LinkedHashSet<>();
        for (String qualified : qualifiedNames) {
            int equals = qualified.indexOf('=');
            if (equals <= 0 || equals == qualified.length() - 1) {
                throw new Configuration("'" + qualified + "' is not a CDI device name (vendor.com/class=device)");
            }
            String kind = qualified.substring(0, equals);
            String name = qualified.substring(equals + 1);
            Map<String, Definition> devices = loaded.devices().get(kind);
            if (devices == null) {
                throw new Configuration("no CDI spec for kind " + kind + " in " + directories + " on " + host.describe()
                        + " (asked for " + qualified + "; NVIDIA hosts generate one with 'nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml')"
                        + loaded.problemsSuffix());
            }
            Definition definition = devices.get(name);
            if (definition == null) {
                throw new Configuration("no CDI device " + qualified + " on " + host.describe() + "; kind " + kind + " has "
                        + new TreeSet<>(devices.keySet()) + loaded.problemsSuffix());
            }
            edits = edits.plus(reader.read(definition.edits(), qualified, definition.spec().source()));
            if (commonApplied.add(definition.spec().source())) {
                edits = edits.plus(reader.read(definition.spec().commonEdits(), qualified, definition.spec().source()));
            }
        }
        return edits;
    }

    /** Every device name found, qualified, sorted: for {@code berth node} and error messages. */
    public Set<String> deviceNames()
    {
        Set<String> names = new TreeSet<>();
        load().devices().forEach((kind, devices) -> devices.keySet().forEach(name -> names.add(kind + "=" + name)));
        return names;
    }

    private Loaded load()
    {
        Map<String, Map<String, Definition>> devices = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String directory : directories) {
            for (String file : host.list(directory)) {
                if (!(file.endsWith(".json") || file.endsWith(".yaml") || file.endsWith(".yml"))) {
                    continue;
                }
                String path = directory.replaceFirst("/+$", "") + "/" + file;
                String text = host.read(path).orElse(null);
                if (text == null) {
                    problems.add(path + ": unreadable");
                    continue;
                }
                try {
                    CdiSpec spec = CdiSpecReader.parse(path, text);
                    Map<String, Definition> ofKind = devices.computeIfAbsent(spec.kind(), kind -> new LinkedHashMap<>());
                    spec.devices().forEach((name, edits) -> ofKind.put(name, new Definition(spec, edits)));
                }
                catch (IllegalArgumentException e) {
                    log.warn("ignoring CDI spec {}", e.getMessage());
                    problems.add(e.getMessage());
                }
            }
        }
        return new Loaded(devices, problems);
    }

    private record Definition(CdiSpec spec, JsonNode edits) {}

    private record Loaded(Map<String, Map<String, Definition>> devices, List<String> problems)
    {
        String problemsSuffix()
        {
            return problems.isEmpty() ? "" : "; unusable CDI spec files: " + String.join("; ", problems);
        }
    }
}

package dev.berth.core.spec;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads what a service needs from its node: resources (CPU, memory, pids, GPU with its sharing mode) and platform. */
final class ResourceSpecReader
{
    /** Below this, a memory limit cannot even start a runtime's init; above it, it is surely a typo. */
    static final long MIN_MEMORY = 6L << 20;
    static final long MAX_MEMORY = 1L << 50;
    static final long MAX_CPU_MILLIS = 1024L * 1000;
    static final long MAX_PIDS = 4_194_304L;

    private ResourceSpecReader() {}

    static Resources readResources(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).map(r -> {
            long cpuMillis = r.optionalString("cpu").map(text -> CpuQuantity.parse(text, r.path("cpu"), problems)).orElse(0L);
            long cpuShares = r.integer("cpuShares", 0, 0, 262_144);
            long memory = r.size("memory", 0);
            long pids = r.integer("pids", 0, 0, (int) MAX_PIDS);
            Optional<GpuRequest> gpu = r.child("gpu").flatMap(child -> readGpu(child, r.path("gpu"), problems));
            r.finish();
            if (cpuMillis > MAX_CPU_MILLIS) {
                problems.add(r.path("cpu"), "more than 1024 cores is surely a mistake");
            }
            if (memory != 0 && memory < MIN_MEMORY) {
                problems.add(r.path("memory"), memory + " bytes is below the 6Mi minimum a container needs");
            }
            if (memory > MAX_MEMORY) {
                problems.add(r.path("memory"), "more than 1Pi is surely a mistake");
            }
            return new Resources(cpuMillis, cpuShares, memory, pids, gpu);
        }).orElse(Resources.NONE);
    }

    private static Optional<GpuRequest> readGpu(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).map(r -> {
            int count = r.optionalString("count").map(text -> {
                if (text.equals("all")) {
                    return GpuRequest.ALL;
                }
                try {
                    int parsed = Integer.parseInt(text);
                    if (parsed < 1 || parsed > 64) {
                        problems.add(r.path("count"), parsed + " is out of range (1..64, or \"all\")");
                    }
                    return parsed;
                }
                catch (NumberFormatException e) {
                    problems.add(r.path("count"), "\"" + text + "\" is not a number or \"all\"");
                    return 1;
                }
            }).orElse(1);
            String vendor = r.string("vendor", "nvidia");
            List<String> ids = r.stringList("ids");
            GpuSharing sharing = r.optionalString("sharing")
                    .flatMap(text -> NodeReader.parseEnum(r.path("sharing"), text, GpuSharing.class, problems))
                    .orElse(GpuSharing.EXCLUSIVE);
            MpsSettings mps = r.child("mps").map(child -> readMps(child, r.path("mps"), problems)).orElse(MpsSettings.DEFAULTS);
            OptionalInt timeSliceIndex = r.child("timeSliceIndex").isPresent()
                    ? OptionalInt.of(r.integer("timeSliceIndex", 0, 0, 1024))
                    : OptionalInt.empty();
            r.finish();
            if (timeSliceIndex.isPresent() && sharing != GpuSharing.TIME_SLICE) {
                problems.add(r.path("timeSliceIndex"), "only applies to sharing: time-slice");
            }
            if (!ids.isEmpty() && count != 1 && count != ids.size()) {
                problems.add(r.path("ids"), ids.size() + " ids given but count is " + count);
            }
            return new GpuRequest(ids.isEmpty() ? count : ids.size(), vendor, ids, sharing, mps, timeSliceIndex);
        });
    }

    private static MpsSettings readMps(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).map(r -> {
            String pipe = r.string("pipeDirectory", MpsSettings.DEFAULT_PIPE_DIRECTORY);
            String log = r.string("logDirectory", MpsSettings.DEFAULT_LOG_DIRECTORY);
            OptionalInt threads = r.child("activeThreadPercentage").isPresent()
                    ? OptionalInt.of(r.integer("activeThreadPercentage", 100, 1, 100))
                    : OptionalInt.empty();
            Optional<String> pinned = r.optionalString("pinnedMemoryLimit");
            r.finish();
            return new MpsSettings(pipe, log, threads, pinned);
        }).orElse(MpsSettings.DEFAULTS);
    }

    static PlatformSpec readPlatform(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).map(r -> {
            Optional<OsFamily> os = r.optionalString("os").flatMap(text -> {
                Optional<OsFamily> parsed = OsFamily.fromOciName(text);
                if (parsed.isEmpty()) {
                    problems.add(r.path("os"), "\"" + text + "\" is not one of linux|windows");
                }
                return parsed;
            });
            Optional<String> arch = r.optionalString("arch");
            Optional<String> osVersion = r.optionalString("osVersion");
            r.finish();
            return new PlatformSpec(os, arch, osVersion);
        }).orElse(PlatformSpec.ANY);
    }
}

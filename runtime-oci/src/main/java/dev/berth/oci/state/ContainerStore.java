package dev.berth.oci.state;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.Internal;
import dev.berth.core.error.InvalidSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The backend's on-disk state: one directory per container under {@code STATE_DIR/containers}. */
public final class ContainerStore
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path containers;

    public ContainerStore(Path stateDir)
    {
        this.containers = requireNonNull(stateDir, "stateDir is null").resolve("containers");
    }

    public ContainerPaths paths(String id)
    {
        if (id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..")) {
            throw new InvalidSpec("container id \"" + id + "\" cannot name a directory");
        }
        return new ContainerPaths(id, containers.resolve(id));
    }

    public boolean exists(String id)
    {
        return Files.isRegularFile(paths(id).record());
    }

    public void save(ContainerRecord record)
    {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", record.id());
        node.put("service", record.service());
        node.put("image", record.image());
        node.put("createdAt", record.createdAt().toString());
        record.startedAt().ifPresent(time -> node.put("startedAt", time.toString()));
        ObjectNode annotations = node.putObject("annotations");
        record.annotations().forEach(annotations::put);
        node.put("stopSignal", record.stopSignal());
        record.failure().ifPresent(reason -> node.put("failure", reason));
        Path file = paths(record.id()).record();
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("record.json.tmp");
            MAPPER.writeValue(temporary.toFile(), node);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            throw new Internal("cannot write the record of container '" + record.id() + "' to " + file, e);
        }
    }

    public Optional<ContainerRecord> load(String id)
    {
        Path file = paths(id).record();
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            Map<String, String> annotations = new LinkedHashMap<>();
            node.path("annotations").fields().forEachRemaining(entry -> annotations.put(entry.getKey(), entry.getValue().asText()));
            return Optional.of(new ContainerRecord(node.path("id").asText(id), node.path("service").asText(""), node.path("image").asText(""),
                    Instant.parse(node.path("createdAt").asText()),
                    node.hasNonNull("startedAt") ? Optional.of(Instant.parse(node.get("startedAt").asText())) : Optional.empty(),
                    annotations, node.path("stopSignal").asInt(15), node.hasNonNull("failure") ? Optional.of(node.get("failure").asText()) : Optional.empty()));
        }
        catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        }
        catch (IOException | RuntimeException e) {
            throw new Internal("cannot read the record of container '" + id + "' from " + file, e);
        }
    }

    /** Every container with a record, in name order. */
    public List<String> ids()
    {
        if (!Files.isDirectory(containers)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(containers)) {
            return entries.filter(directory -> Files.isRegularFile(directory.resolve("record.json")))
                    .map(directory -> directory.getFileName().toString()).sorted().toList();
        }
        catch (IOException e) {
            throw new Internal("cannot list " + containers, e);
        }
    }

    /**
     * Deletes the container's directory; its rootfs must be unmounted first. The record goes last: a deletion cut
     * short (a crash, a file that will not go) leaves a record, so the container is still listed and its removal
     * can be finished, rather than a directory no record vouches for.
     */
    public void delete(String id)
    {
        ContainerPaths paths = paths(id);
        Path directory = paths.directory();
        if (!Files.exists(directory)) {
            return;
        }
        refuseWhileMounted(directory);
        try {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    if (!path.equals(directory) && !path.equals(paths.record())) {
                        Files.deleteIfExists(path);
                    }
                }
            }
            Files.deleteIfExists(paths.record());
            Files.deleteIfExists(directory);
        }
        catch (IOException e) {
            throw new Internal("cannot delete " + directory + ": " + e, e);
        }
    }

    /**
     * A directory walk descends into mounts: one still mounted below the container's directory (its rootfs, a held
     * bind source of the host's) would have its files deleted with it. Such a delete fails instead.
     */
    private static void refuseWhileMounted(Path directory)
    {
        Path mountinfo = Path.of("/proc/self/mountinfo");
        if (!Files.isReadable(mountinfo)) {
            return;
        }
        String prefix = directory.toAbsolutePath().normalize() + "/";
        try (Stream<String> lines = Files.lines(mountinfo)) {
            Optional<String> mounted = lines.map(line -> line.split(" "))
                    .filter(fields -> fields.length > 4)
                    .map(fields -> unescape(fields[4]))
                    .filter(point -> point.startsWith(prefix))
                    .findFirst();
            if (mounted.isPresent()) {
                throw new Internal("cannot delete " + directory + ": " + mounted.get() + " is still mounted (unmount it first; nothing was deleted)");
            }
        }
        catch (IOException e) {
            throw new Internal("cannot read " + mountinfo + " before deleting " + directory + ": " + e, e);
        }
    }

    /** mountinfo writes space, tab, newline and backslash in a path as three octal digits after a backslash. */
    private static String unescape(String field)
    {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            }
            else {
                text.append(c);
            }
        }
        return text.toString();
    }

    /**
     * Whether the directory exists without a record: left by a deletion that removed the record first (older
     * agents) or by a create killed before its first record write.
     */
    public boolean leftover(String id)
    {
        return Files.isDirectory(paths(id).directory()) && !exists(id);
    }
}

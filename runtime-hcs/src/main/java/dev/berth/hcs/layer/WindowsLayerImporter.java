package dev.berth.hcs.layer;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.util.Objects.requireNonNull;

import dev.berth.hcs.error.HcsCallFailed;
import dev.berth.hcs.error.HcsErrors;
import dev.berth.image.LayerImporter;
import dev.berth.image.unpack.NativeFiles;
import dev.berth.image.unpack.UnsafeLayer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Imports a Windows layer's tar (the {@code Files/}, {@code Hives/} and {@code UtilityVM/} layout Windows images carry)
 * into its layer folder, as hcsshim's {@code pkg/ociwclayer} reads it: a layer without parents is a base layer, which
 * may not delete anything ({@code baseLayerWriter.Remove}); in a layer over parents an OCI whiteout {@code .wh.name}
 * under {@code Files/} becomes a tombstone, listed in {@code tombstones.txt} in vmcompute's legacy form (a UTF-8 BOM,
 * {@code Version 1.0}, then one {@code \path} relative to {@code Files} per line, as hcsshim's
 * {@code internal/wclayer/legacy.go} reads it). Hard links must point at a file already in this layer.
 *
 * <p>A base layer is written straight into its folder. A layer over parents is written in that legacy form into a
 * staging folder beside it and handed to vmcompute's {@code ImportLayer} with its parents, as hcsshim's
 * {@code wclayer.NewLayerWriter} does (its {@code legacyLayerWriterWrapper.Close}); the staging folder is deleted
 * whatever happens. A failed {@code ImportLayer} is a native call failure carrying its HRESULT, which the image service
 * reports as {@code PullFailed}.
 *
 * <p>Every name is checked as Windows will resolve it ({@link WindowsEntryName}) before anything is written, and
 * nothing is written through a link: a refused entry is {@link UnsafeLayer} naming it, and nothing lands outside the
 * layer folder and its staging folder. Files are written with their content only; the backup-stream import (security
 * descriptors, attributes, alternate streams, through BackupWrite with SeBackup/SeRestore) needs a Windows host and is
 * not done here.
 */
public final class WindowsLayerImporter
        implements LayerImporter
{
    public static final String NAME = "hcs";
    public static final String TOMBSTONES = "tombstones.txt";
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE_MARKER = ".wh..wh..opq";
    private static final Set<String> ROOTS = Set.of("Files", "Hives", "UtilityVM");
    private static final String STAGING_SUFFIX = ".import";

    private final LayerManager layers;

    public WindowsLayerImporter(LayerManager layers)
    {
        this.layers = requireNonNull(layers, "layers is null");
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void importLayer(InputStream tar, Path target, List<Path> parents)
            throws IOException
    {
        Path layer = target.toAbsolutePath().normalize();
        if (parents.isEmpty()) {
            write(tar, layer, layer, true);
            return;
        }
        Path staging = layer.resolveSibling(layer.getFileName() + STAGING_SUFFIX);
        try {
            Files.createDirectory(staging);
            write(tar, staging, layer, false);
            layers.importLayer(layer.toString(), staging.toString(), parents.stream().map(parent -> parent.toAbsolutePath().toString()).toList());
            // a layer bringing utility VM files prepares them once imported (hcsshim: legacyLayerWriterWrapper.Close)
            Path utilityVm = layer.resolve("UtilityVM");
            if (Files.isDirectory(utilityVm, NOFOLLOW_LINKS)) {
                layers.processUtilityImage(utilityVm.toString());
            }
        }
        catch (HcsCallFailed e) {
            NativeFiles.NativeCallFailed failure = new NativeFiles.NativeCallFailed(HcsErrors.evidence(e),
                    e.hresult().win32Error().orElse(e.hresult().value()));
            failure.initCause(e);
            throw failure;
        }
        finally {
            deleteTree(staging);
        }
    }

    /** Writes the layer's entries under {@code root}; paths are held to Windows' limit as they will be under {@code layer}. */
    private static void write(InputStream tar, Path root, Path layer, boolean base)
            throws IOException
    {
        List<String> tombstones = new ArrayList<>();
        TarArchiveInputStream entries = new TarArchiveInputStream(tar);
        TarArchiveEntry entry;
        while ((entry = entries.getNextEntry()) != null) {
            String name = entry.getName();
            List<String> components = WindowsEntryName.components(name, name, "name");
            if (components.isEmpty()) {
                continue;
            }
            if (!ROOTS.contains(components.get(0))) {
                throw UnsafeLayer.entry(name, "is outside Files/, Hives/ and UtilityVM/, the only folders of a Windows layer");
            }
            checkLength(layer, components, name);
            String last = components.get(components.size() - 1);
            if (last.equals(OPAQUE_MARKER)) {
                throw UnsafeLayer.entry(name, "is an opaque-directory whiteout, which Windows layers have no form for");
            }
            if (last.startsWith(WHITEOUT_PREFIX)) {
                tombstones.add(tombstone(name, components, last, base));
                continue;
            }
            if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                throw UnsafeLayer.entry(name, "is a device or FIFO, which Windows layers cannot hold");
            }
            Path path = resolve(root, components, name);
            if (entry.isDirectory()) {
                Files.createDirectories(path);
            }
            else if (entry.isLink()) {
                link(root, entry, path);
            }
            else if (entry.isSymbolicLink()) {
                throw UnsafeLayer.entry(name, "is a tar symlink; a Windows layer carries links as reparse points in its files' backup streams");
            }
            else if (entry.isFile()) {
                Files.deleteIfExists(path);
                Files.copy(entries, path);
            }
            else {
                throw UnsafeLayer.entry(name, "is a device, FIFO or other special file, which Windows layers cannot hold");
            }
        }
        if (!tombstones.isEmpty()) {
            StringBuilder text = new StringBuilder("\uFEFFVersion 1.0\n");
            tombstones.forEach(line -> text.append(line).append('\n'));
            Files.writeString(root.resolve(TOMBSTONES), text, StandardCharsets.UTF_8);
        }
    }

    private static void deleteTree(Path folder)
            throws IOException
    {
        if (!Files.exists(folder, NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String tombstone(String name, List<String> components, String last, boolean base)
    {
        if (base) {
            // hcsshim's baseLayerWriter.Remove: "base layer cannot have tombstones"
            throw UnsafeLayer.entry(name, "is a whiteout in a base layer, which cannot delete anything");
        }
        String hidden = last.substring(WHITEOUT_PREFIX.length());
        List<String> hiddenComponents = hidden.isEmpty() ? List.of() : WindowsEntryName.components(hidden, name, "whiteout target");
        if (hiddenComponents.size() != 1 || !hiddenComponents.get(0).equals(hidden)) {
            throw UnsafeLayer.entry(name, "whiteout names no single file");
        }
        if (!components.get(0).equals("Files") || components.size() < 2) {
            throw UnsafeLayer.entry(name, "is a whiteout outside Files/; only files can be tombstoned here");
        }
        List<String> path = new ArrayList<>(components.subList(1, components.size() - 1));
        path.add(hidden);
        return "\\" + String.join("\\", path);
    }

    /** A hard link to a regular file this layer already holds (hcsshim links within the layer's root only). */
    private static void link(Path root, TarArchiveEntry entry, Path path)
            throws IOException
    {
        String name = entry.getName();
        List<String> targetComponents = WindowsEntryName.components(entry.getLinkName(), name, "link target");
        if (targetComponents.isEmpty() || !ROOTS.contains(targetComponents.get(0))) {
            throw UnsafeLayer.entry(name, "links to '" + entry.getLinkName() + "', outside the layer's folders");
        }
        Path existing = resolve(root, targetComponents, name);
        if (!Files.isRegularFile(existing, NOFOLLOW_LINKS)) {
            throw UnsafeLayer.entry(name, "links to '" + entry.getLinkName() + "', which is not a file already in this layer");
        }
        Files.deleteIfExists(path);
        Files.createLink(path, existing);
    }

    /**
     * The path for {@code components} under {@code root}, its parent folders made; every existing parent must be a real
     * folder, never a link, so nothing is written through one.
     */
    private static Path resolve(Path root, List<String> components, String name)
            throws IOException
    {
        Path current = root;
        for (int i = 0; i < components.size() - 1; i++) {
            current = current.resolve(components.get(i));
            if (Files.isSymbolicLink(current) || (Files.exists(current, NOFOLLOW_LINKS) && !Files.isDirectory(current, NOFOLLOW_LINKS))) {
                throw UnsafeLayer.entry(name, "goes through '" + root.relativize(current) + "', which is not a folder");
            }
            Files.createDirectories(current);
        }
        Path path = current.resolve(components.get(components.size() - 1));
        if (!path.normalize().startsWith(root)) {
            throw UnsafeLayer.entry(name, "resolves outside the layer");
        }
        if (Files.isSymbolicLink(path)) {
            throw UnsafeLayer.entry(name, "would replace a link");
        }
        return path;
    }

    private static void checkLength(Path root, List<String> components, String name)
    {
        // the path Windows opens: \\?\<layer folder>\<components>, in UTF-16 units
        int length = 4 + root.toString().length() + components.stream().mapToInt(component -> component.length() + 1).sum();
        if (length > WindowsEntryName.MAX_PATH) {
            throw UnsafeLayer.entry(name, "makes a path of " + length + " characters, over Windows' limit of " + WindowsEntryName.MAX_PATH);
        }
    }
}

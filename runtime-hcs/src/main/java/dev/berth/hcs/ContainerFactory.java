package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.Isolation;
import dev.berth.hcs.document.ContainerDocuments;
import dev.berth.hcs.document.ContainerStorage;
import dev.berth.hcs.document.HyperVDocuments;
import dev.berth.hcs.document.IsolationChooser;
import dev.berth.hcs.document.IsolationMode;
import dev.berth.hcs.document.LayerRef;
import dev.berth.hcs.document.UtilityVmLayout;
import dev.berth.hcs.error.HcsCallFailed;
import dev.berth.hcs.layer.LayerManager;
import dev.berth.image.ImageService;
import dev.berth.image.LayerImporter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Creates a container's compute system: resolves isolation, refuses what cannot be delivered, prepares its layers and
 * creates the system (and, for Hyper-V, the utility VM first). Failures are {@link HcsCallFailed} or an AgentError.
 */
final class ContainerFactory
{
    private static final Logger log = LogManager.getLogger(ContainerFactory.class);

    private final HcsClient client;
    private final LayerManager layers;
    private final ImageService images;
    private final LayerImporter importer;
    private final HostPlatform host;
    private final HcsConfig config;
    private final ContainerDocuments documents;

    ContainerFactory(HcsClient client, LayerManager layers, ImageService images, LayerImporter importer, HostPlatform host, HcsConfig config)
    {
        this.importer = requireNonNull(importer, "importer is null");
        this.client = requireNonNull(client, "client is null");
        this.layers = requireNonNull(layers, "layers is null");
        this.images = requireNonNull(images, "images is null");
        this.host = requireNonNull(host, "host is null");
        this.config = requireNonNull(config, "config is null");
        this.documents = new ContainerDocuments(config.owner(), config.utilityVmMemoryBytes(), config.utilityVmProcessors(),
                Runtime.getRuntime().availableProcessors());
    }

    IsolationMode isolation(ContainerRequest request)
    {
        Isolation requested = request.spec().isolation() == Isolation.AUTO ? config.defaultIsolation() : request.spec().isolation();
        return IsolationChooser.choose(requested, request.image().platform(), host);
    }

    TrackedContainer create(ContainerRequest request)
    {
        PulledImage image = request.image();
        if (!"windows".equalsIgnoreCase(image.platform().os())) {
            throw new WrongPlatform("hcs", "windows", image.platform().os(), image.reference());
        }
        IsolationMode isolation = isolation(request);
        ContainerDocuments.check(request.spec(), isolation);
        String initParameters = ContainerDocuments.json(ContainerDocuments.initProcess(request.spec(), image.config()));
        List<String> bottomFirst = images.layerDirectories(image, importer).stream().map(Path::toString).toList();
        List<LayerRef> refs = layers.layers(bottomFirst);
        log.info("creating {} ({} isolation, {} layers)", request.id(), isolation, refs.size());
        return switch (isolation) {
            case PROCESS -> processIsolated(request, refs, initParameters);
            case HYPERV -> hyperV(request, bottomFirst, refs, initParameters);
        };
    }

    private TrackedContainer processIsolated(ContainerRequest request, List<LayerRef> refs, String initParameters)
    {
        String scratch = scratchPath(request.id());
        String volume;
        try {
            volume = layers.mountScratch(scratch, refs);
        }
        catch (UncheckedIOException e) {
            throw new CreateFailed(request.id(), e.getMessage() + ": " + e.getCause().getMessage(), e);
        }
        String document = ContainerDocuments.json(documents.processIsolated(request, new ContainerStorage(refs, volume)));
        SystemHandle system;
        try {
            system = client.createComputeSystem(request.id(), document);
        }
        catch (RuntimeException e) {
            // the scratch stays on disk as evidence; only its mount is released
            release(scratch);
            throw e;
        }
        return new TrackedContainer(request.id(), request.spec().name(), IsolationMode.PROCESS, system, Optional.empty(), Optional.of(scratch),
                initParameters, log(request.id()));
    }

    private TrackedContainer hyperV(ContainerRequest request, List<String> bottomFirst, List<LayerRef> refs, String initParameters)
    {
        String vmId = utilityVmId(request.id());
        String base = bottomFirst.isEmpty() ? "" : bottomFirst.get(0);
        Path disk = UtilityVmScratch.create(layers, request.id(), Path.of(base), utilityVmFolder(vmId), vmId);
        UtilityVmLayout layout = new UtilityVmLayout(vmId, base + "\\UtilityVM\\Files", disk.toString());
        HyperVDocuments plan = documents.hyperV(request, new ContainerStorage(refs, "C:\\c\\" + request.id()), layout);
        SystemHandle vm;
        try {
            vm = client.createComputeSystem(vmId, ContainerDocuments.json(plan.utilityVm()));
        }
        catch (RuntimeException e) {
            UtilityVmScratch.delete(utilityVmFolder(vmId));
            throw e;
        }
        try {
            client.start(vm);
            SystemHandle system = client.createComputeSystem(request.id(), ContainerDocuments.json(plan.container()));
            return new TrackedContainer(request.id(), request.spec().name(), IsolationMode.HYPERV, system, Optional.of(vm), Optional.empty(),
                    initParameters, log(request.id()));
        }
        catch (RuntimeException e) {
            // a utility VM without its container serves nothing: stop it rather than leave it running unowned
            try {
                client.terminate(vm);
            }
            catch (RuntimeException terminate) {
                e.addSuppressed(terminate);
            }
            client.close(vm);
            UtilityVmScratch.delete(utilityVmFolder(vmId));
            throw e;
        }
    }

    /** hcsshim's naming: the utility VM of container {@code id} is {@code id@vm}. */
    static String utilityVmId(String containerId)
    {
        return containerId + "@vm";
    }

    /** The utility VM's own folder, holding its scratch disk. */
    Path utilityVmFolder(String vmId)
    {
        return Path.of(config.layerRoot(), vmId);
    }

    /** Where a container's output is kept: outside its scratch folder, which vmcompute owns. */
    ContainerLog log(String id)
    {
        return new ContainerLog(Path.of(config.layerRoot(), "logs", id + ".log"));
    }

    /**
     * Unmounts a removed container's scratch layer and destroys it (its disk and folder), so the id starts from nothing
     * next time. A scratch that cannot be unmounted is left as it is, logged, rather than destroyed under its mount.
     */
    void discard(String scratch)
    {
        try {
            layers.unmountScratch(scratch);
        }
        catch (HcsCallFailed e) {
            log.warn("unmounting scratch layer {} failed, so it is kept: {}", scratch, e.getMessage());
            return;
        }
        try {
            layers.destroyScratch(scratch);
        }
        catch (HcsCallFailed e) {
            log.warn("destroying scratch layer {} failed: {}", scratch, e.getMessage());
        }
    }

    /** The record of a create that failed: its scratch layer, when one was made, is kept released as evidence. */
    ContainerRecord failedCreate(ContainerRequest request, String failure)
    {
        String scratch = scratchPath(request.id());
        return ContainerRecord.failedCreate(request.id(), request.spec().name(), isolation(request), "",
                Files.isDirectory(Path.of(scratch)) ? scratch : null, failure);
    }

    /** Removes what is left of a container known only from its record: its scratch layer and utility VM folder. */
    void discard(ContainerRecord record)
    {
        if (record.scratchPath() != null) {
            if (record.scratchMounted()) {
                discard(record.scratchPath());
            }
            else {
                try {
                    layers.destroyScratch(record.scratchPath());
                }
                catch (HcsCallFailed e) {
                    log.warn("destroying scratch layer {} failed: {}", record.scratchPath(), e.getMessage());
                }
            }
        }
        if (record.utilityVmId() != null) {
            UtilityVmScratch.delete(utilityVmFolder(record.utilityVmId()));
        }
    }

    void release(String scratch)
    {
        try {
            layers.unmountScratch(scratch);
        }
        catch (HcsCallFailed e) {
            log.warn("releasing scratch layer {} failed: {}", scratch, e.getMessage());
        }
    }

    String scratchPath(String id)
    {
        return config.layerRoot() + separator() + id;
    }

    private String separator()
    {
        return config.layerRoot().contains("\\") ? "\\" : "/";
    }
}

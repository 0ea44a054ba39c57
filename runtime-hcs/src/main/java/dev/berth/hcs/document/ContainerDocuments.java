package dev.berth.hcs.document;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.core.error.GpuSharingUnavailable;
import dev.berth.core.error.Internal;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.Unsupported;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.spec.GpuRequest;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.MountSpec;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.Resources;
import dev.berth.core.spec.ServiceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the HCS schema v2 documents for a container from its request (service spec and pulled image): a
 * process-isolated container, or a utility VM plus the container it hosts. Field names and nesting follow hcsshim's
 * {@code internal/hcs/schema2}, which mirrors Microsoft's published schema.
 */
public final class ContainerDocuments
{
    public static final SchemaVersion SCHEMA_2_1 = new SchemaVersion(2, 1);
    /** The annotation through which the agent hands over an HNS namespace GUID for {@code network: bridge}. */
    public static final String NETWORK_NAMESPACE_ANNOTATION = "berth.hcs.network-namespace";
    /** hcsshim's prefix for a VSMB share as seen inside a utility VM. */
    static final String VSMB_PREFIX = "\\\\?\\VMSMB\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\";
    private static final long MIB = 1L << 20;
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final String owner;
    private final long utilityVmMemoryBytes;
    private final int utilityVmProcessors;
    private final int hostProcessors;

    public ContainerDocuments(String owner, long utilityVmMemoryBytes, int utilityVmProcessors, int hostProcessors)
    {
        this.owner = requireNonNull(owner, "owner is null");
        this.utilityVmMemoryBytes = utilityVmMemoryBytes;
        this.utilityVmProcessors = utilityVmProcessors;
        this.hostProcessors = hostProcessors;
    }

    /**
     * Refuses what this backend cannot deliver for the chosen isolation.
     *
     * @throws Unsupported for a GPU with process isolation, tmpfs mounts, or host networking
     * @throws GpuSharingUnavailable for MPS sharing with Hyper-V isolation
     */
    public static void check(ServiceSpec spec, IsolationMode isolation)
    {
        Optional<GpuRequest> gpu = spec.resources().gpu();
        if (gpu.isPresent()) {
            if (isolation == IsolationMode.PROCESS) {
                throw new Unsupported("service '" + spec.name() + "': resources.gpu with process isolation (the hcs backend assigns no GPU "
                        + "to process-isolated containers)");
            }
            if (gpu.get().sharing() == GpuSharing.MPS) {
                throw new GpuSharingUnavailable("mps", "service '" + spec.name() + "': NVIDIA MPS cannot reach into a Hyper-V isolated container's "
                        + "utility VM");
            }
            throw new Unsupported("service '" + spec.name() + "': resources.gpu with Hyper-V isolation (GPU assignment into utility VMs is not "
                    + "implemented)");
        }
        for (MountSpec mount : spec.mounts()) {
            if (mount.type() == MountSpec.Type.TMPFS) {
                throw new Unsupported("service '" + spec.name() + "': mounts[" + mount.target() + "] is tmpfs, which Windows containers lack");
            }
        }
        if (spec.network() == NetworkMode.HOST) {
            throw new Unsupported("service '" + spec.name() + "': network: host (Windows containers always get their own namespace)");
        }
    }

    /**
     * A process-isolated container. It ends when the agent's last handle to it closes
     * ({@code ShouldTerminateOnLastHandleClosed}, as hcsshim's {@code internal/hcsoci/create.go} sets it): a container
     * whose output pipes died with the agent is not left running unwatched.
     */
    public ComputeSystem processIsolated(ContainerRequest request, ContainerStorage storage)
    {
        check(request.spec(), IsolationMode.PROCESS);
        Container container = container(request, storage, directories(request.spec()));
        return new ComputeSystem(owner, SCHEMA_2_1, null, null, container, null, true);
    }

    public HyperVDocuments hyperV(ContainerRequest request, ContainerStorage storage, UtilityVmLayout layout)
    {
        check(request.spec(), IsolationMode.HYPERV);
        List<VirtualSmbShare> shares = new ArrayList<>();
        shares.add(new VirtualSmbShare("os", layout.osFilesPath(), readOnlyShare()));
        List<LayerRef> guestLayers = new ArrayList<>();
        for (LayerRef layer : storage.layers()) {
            String name = layer.id();
            shares.add(new VirtualSmbShare(name, layer.path(), readOnlyShare()));
            guestLayers.add(new LayerRef(layer.id(), VSMB_PREFIX + name));
        }
        List<MappedDirectory> directories = new ArrayList<>();
        List<MountSpec> mounts = request.spec().mounts();
        for (int i = 0; i < mounts.size(); i++) {
            MountSpec mount = mounts.get(i);
            String name = "m" + i;
            shares.add(new VirtualSmbShare(name, mount.source(), mount.readOnly() ? readOnlyShare() : null));
            directories.add(new MappedDirectory(VSMB_PREFIX + name, mount.target(), mount.readOnly() ? true : null));
        }
        Resources resources = request.spec().resources();
        long memory = resources.memoryBytes() > 0 ? resources.memoryBytes() : utilityVmMemoryBytes;
        int processors = resources.cpuMillis() > 0 ? (int) Math.max(1, (resources.cpuMillis() + 999) / 1000) : utilityVmProcessors;
        VirtualMachine machine = new VirtualMachine(true,
                new Chipset(new Uefi(new UefiBootEntry("\\EFI\\Microsoft\\Boot\\bootmgfw.efi", "VmbFs"))),
                new Topology(new VirtualMachineMemory(megabytes(memory), true), new VirtualMachineProcessor(processors)),
                new Devices(Map.of("0", new Scsi(Map.of("0", new Attachment("VirtualDisk", layout.scratchDisk())))),
                        new VirtualSmb(shares, null)), new GuestConnection());
        ComputeSystem utilityVm = new ComputeSystem(owner, SCHEMA_2_1, null, null, null, machine, true);
        Container hosted = container(request, new ContainerStorage(guestLayers, storage.scratchPath()), directories);
        ComputeSystem container = new ComputeSystem(owner, SCHEMA_2_1, layout.id(), new HostedSystem(SCHEMA_2_1, hosted), null, null, null);
        return new HyperVDocuments(layout.id(), utilityVm, container);
    }

    /**
     * The container's main process, from the spec over the image config's defaults. Its stdout and stderr are piped
     * back for the container log (one console pipe with a tty, as EmulateConsole ignores the stderr pipe).
     */
    public static ProcessParameters initProcess(ServiceSpec spec, ImageConfig image)
    {
        List<String> argv = new ArrayList<>(spec.command().isEmpty() ? image.entrypoint() : spec.command());
        if (!spec.args().isEmpty()) {
            argv.addAll(spec.args());
        }
        else if (spec.command().isEmpty()) {
            argv.addAll(image.cmd());
        }
        if (argv.isEmpty()) {
            throw new InvalidSpec("service '" + spec.name() + "': no command (neither the spec nor the image config sets one)");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : image.env()) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        environment.putAll(spec.env());
        String workingDirectory = spec.workingDir().isEmpty() ? image.workingDir() : spec.workingDir();
        String user = spec.user().isEmpty() ? image.user() : spec.user();
        // ArgsEscaped (images with a shell-form ENTRYPOINT or CMD): the image's first element is a whole command line and
        // goes in as it is, the rest escaped after it; only while that element is the image's, as containerd's
        // WithImageConfigArgs decides it
        boolean escaped = image.argsEscaped() && spec.command().isEmpty() && (!image.entrypoint().isEmpty() || spec.args().isEmpty());
        String commandLine = escaped ? argv.get(0) + (argv.size() > 1 ? " " + WindowsCommandLine.join(argv.subList(1, argv.size())) : "")
                : WindowsCommandLine.join(argv);
        return new ProcessParameters(commandLine, emptyToNull(user), emptyToNull(workingDirectory),
                new TreeMap<>(environment), spec.tty() ? true : null, null, true, spec.tty() ? null : true);
    }

    /** An exec'd process, with its output piped back. */
    public static ProcessParameters execProcess(List<String> command, Map<String, String> env, String user, String workingDirectory)
    {
        return new ProcessParameters(WindowsCommandLine.join(command), emptyToNull(user), emptyToNull(workingDirectory), new TreeMap<>(env), null,
                null, true, true);
    }

    public static String json(Object document)
    {
        try {
            return JSON.writeValueAsString(document);
        }
        catch (JsonProcessingException e) {
            throw new Internal("cannot serialise HCS document " + document.getClass().getSimpleName(), e);
        }
    }

    public static <T> T parse(String json, Class<T> type)
    {
        try {
            return JSON.readValue(json, type);
        }
        catch (JsonProcessingException e) {
            throw new Internal("cannot read HCS " + type.getSimpleName() + " document: " + json, e);
        }
    }

    private Container container(ContainerRequest request, ContainerStorage storage, List<MappedDirectory> directories)
    {
        List<Layer> layers = storage.layers().stream().map(layer -> new Layer(layer.id(), layer.path())).toList();
        Resources resources = request.spec().resources();
        ContainerMemory memory = resources.memoryBytes() > 0 ? new ContainerMemory(megabytes(resources.memoryBytes())) : null;
        return new Container(new Storage(layers, storage.scratchPath()), directories, memory, processor(resources), networking(request));
    }

    private ContainerProcessor processor(Resources resources)
    {
        long millis = resources.cpuMillis();
        if (millis <= 0) {
            return null;
        }
        if (millis % 1000 == 0) {
            return new ContainerProcessor((int) (millis / 1000), null, null);
        }
        // a fraction of the host: cycles per 10,000 across all host processors
        long maximum = Math.max(1, Math.min(10_000, millis * 10 / Math.max(1, hostProcessors)));
        return new ContainerProcessor(null, maximum, null);
    }

    private static Networking networking(ContainerRequest request)
    {
        if (request.spec().network() != NetworkMode.BRIDGE) {
            return null;
        }
        return new Networking(true, request.annotations().get(NETWORK_NAMESPACE_ANNOTATION));
    }

    private static List<MappedDirectory> directories(ServiceSpec spec)
    {
        return spec.mounts().stream().map(mount -> new MappedDirectory(mount.source(), mount.target(), mount.readOnly() ? true : null)).toList();
    }

    private static VirtualSmbShareOptions readOnlyShare()
    {
        return new VirtualSmbShareOptions(true, true, true, true, true);
    }

    private static long megabytes(long bytes)
    {
        return (bytes + MIB - 1) / MIB;
    }

    private static String emptyToNull(String text)
    {
        return text == null || text.isEmpty() ? null : text;
    }
}

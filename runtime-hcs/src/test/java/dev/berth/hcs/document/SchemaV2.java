package dev.berth.hcs.document;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of Microsoft's HCS schema v2 berth writes, transcribed by hand from hcsshim's {@code internal/hcs/schema2}
 * (each entry names its file and lists that type's JSON names), so a document can be walked and every key checked to
 * exist in the schema at that nesting.
 */
final class SchemaV2
{
    /** A type: its JSON fields, each to its type name (null: a scalar), and for maps/arrays the element type. */
    private record Type(String file, Map<String, String> fields)
    {
    }

    private static final String MAP = "map:";
    private static final String ARRAY = "array:";

    private static final Map<String, Type> TYPES = Map.ofEntries(
            // compute_system.go
            Map.entry("ComputeSystem", new Type("compute_system.go", Map.of("Owner", "", "SchemaVersion", "Version",
                    "HostingSystemId", "", "HostedSystem", "HostedSystem", "Container", "Container", "VirtualMachine", "VirtualMachine",
                    "ShouldTerminateOnLastHandleClosed", ""))),
            // hcs Version (Major, Minor), referenced from compute_system.go and hosted_system.go
            Map.entry("Version", new Type("compute_system.go (hcstypes.Version)", Map.of("Major", "", "Minor", ""))),
            Map.entry("HostedSystem", new Type("hosted_system.go", Map.of("SchemaVersion", "Version", "Container", "Container"))),
            Map.entry("Container", new Type("container.go", Map.ofEntries(Map.entry("GuestOs", "?"), Map.entry("Storage", "Storage"),
                    Map.entry("MappedDirectories", ARRAY + "MappedDirectory"), Map.entry("MappedPipes", "?"), Map.entry("Memory", "ContainerMemory"),
                    Map.entry("Processor", "ContainerProcessor"), Map.entry("Networking", "Networking"), Map.entry("HvSocket", "?"),
                    Map.entry("ContainerCredentialGuard", "?"), Map.entry("RegistryChanges", "?"), Map.entry("AssignedDevices", "?"),
                    Map.entry("AdditionalDeviceNamespace", "?"), Map.entry("IsolationType", "")))),
            Map.entry("Storage", new Type("storage.go", Map.of("Layers", ARRAY + "Layer", "Path", "", "QoS", "?", "ContainerRootPath", ""))),
            Map.entry("Layer", new Type("layer.go", Map.of("Id", "", "Path", "", "PathType", "", "Cache", ""))),
            Map.entry("MappedDirectory", new Type("mapped_directory.go", Map.of("HostPath", "", "HostPathType", "", "ContainerPath", "",
                    "ReadOnly", "", "SupportCloudFiles", ""))),
            Map.entry("ContainerMemory", new Type("container_memory.go", Map.of("SizeInMB", "", "Maximum", ""))),
            Map.entry("ContainerProcessor", new Type("container_processor.go", Map.of("Count", "", "Weight", "", "Maximum", ""))),
            Map.entry("Networking", new Type("networking.go", Map.of("AllowUnqualifiedDnsQuery", "", "DnsSearchList", "",
                    "NetworkSharedContainerName", "", "Namespace", "", "NetworkAdapters", ""))),
            Map.entry("VirtualMachine", new Type("virtual_machine.go", Map.ofEntries(Map.entry("Version", "Version"), Map.entry("StopOnReset", ""),
                    Map.entry("Chipset", "Chipset"), Map.entry("ComputeTopology", "Topology"), Map.entry("Devices", "Devices"),
                    Map.entry("GuestState", "?"), Map.entry("RestoreState", "?"), Map.entry("RegistryChanges", "?"), Map.entry("StorageQoS", "?"),
                    Map.entry("DebugOptions", "?"), Map.entry("GuestConnection", "GuestConnection"), Map.entry("SecuritySettings", "?")))),
            Map.entry("GuestConnection", new Type("guest_connection.go", Map.of("UseVsock", "", "UseConnectedSuspend", ""))),
            Map.entry("Chipset", new Type("chipset.go", Map.of("Uefi", "Uefi", "Pcat", "?", "IsNumLockDisabled", "", "UseUtc", ""))),
            Map.entry("Uefi", new Type("uefi.go", Map.of("EnableDebugger", "", "SecureBootTemplateId", "", "ApplySecureBootTemplate", "",
                    "BootThis", "UefiBootEntry", "Console", "", "StopOnBootFailure", ""))),
            Map.entry("UefiBootEntry", new Type("uefi_boot_entry.go", Map.of("DeviceType", "", "DevicePath", "", "DiskNumber", "",
                    "OptionalData", "", "VmbFsRootPath", ""))),
            Map.entry("Topology", new Type("topology.go", Map.of("Memory", "VirtualMachineMemory", "Processor", "VirtualMachineProcessor",
                    "Compatibility", "?", "Numa", "?"))),
            Map.entry("VirtualMachineMemory", new Type("virtual_machine_memory.go", Map.of("SizeInMB", "", "Backing", "", "AllowOvercommit", "",
                    "EnableHotHint", "", "EnableColdHint", "", "EnableDeferredCommit", ""))),
            Map.entry("VirtualMachineProcessor", new Type("virtual_machine_processor.go", Map.of("Count", "", "Limit", "", "Weight", "",
                    "Reservation", ""))),
            Map.entry("Devices", new Type("devices.go", Map.of("ComPorts", "?", "Scsi", MAP + "Scsi", "VirtualPMem", "?", "NetworkAdapters", "?",
                    "HvSocket", "?", "VirtualSmb", "VirtualSmb", "Plan9", "?", "VirtualPci", "?"))),
            Map.entry("Scsi", new Type("scsi.go", Map.of("Attachments", MAP + "Attachment", "DisableInterruptBatching", ""))),
            Map.entry("Attachment", new Type("attachment.go", Map.of("Type", "", "Path", "", "IgnoreFlushes", "", "CachingMode", "",
                    "ReadOnly", ""))),
            Map.entry("VirtualSmb", new Type("virtual_smb.go", Map.of("Shares", ARRAY + "VirtualSmbShare", "DirectFileMappingInMB", ""))),
            Map.entry("VirtualSmbShare", new Type("virtual_smb_share.go", Map.of("Name", "", "Path", "", "Flags", "", "AllowedFiles", "",
                    "Options", "VirtualSmbShareOptions"))),
            Map.entry("VirtualSmbShareOptions", new Type("virtual_smb_share_options.go", Map.ofEntries(Map.entry("ReadOnly", ""),
                    Map.entry("ShareRead", ""), Map.entry("CacheIo", ""), Map.entry("NoOplocks", ""), Map.entry("TakeBackupPrivilege", ""),
                    Map.entry("UseShareRootIdentity", ""), Map.entry("NoDirectmap", ""), Map.entry("NoLocks", ""), Map.entry("NoDirnotify", ""),
                    Map.entry("PseudoOplocks", ""), Map.entry("NonCacheIo", ""), Map.entry("PseudoDirnotify", "")))),
            Map.entry("ProcessParameters", new Type("process_parameters.go", Map.ofEntries(Map.entry("ApplicationName", ""),
                    Map.entry("CommandLine", ""), Map.entry("CommandArgs", ""), Map.entry("User", ""), Map.entry("WorkingDirectory", ""),
                    Map.entry("Environment", MAP + ""), Map.entry("RestrictedToken", ""), Map.entry("EmulateConsole", ""),
                    Map.entry("CreateStdInPipe", ""), Map.entry("CreateStdOutPipe", ""), Map.entry("CreateStdErrPipe", ""),
                    Map.entry("ConsoleSize", ""), Map.entry("CreateInUtilityVM", "")))),
            Map.entry("SignalProcessOptions", new Type("signal_process_options.go", Map.of("Signal", ""))),
            Map.entry("SystemQuery", new Type("system_query.go", Map.of("Ids", "", "Names", "", "Types", "", "Owners", ""))));

    private SchemaV2() {}

    /** Every key of {@code document} (of schema type {@code type}) that the schema does not have at that place, as paths. */
    static List<String> violations(JsonNode document, String type)
    {
        List<String> problems = new ArrayList<>();
        walk(document, type, "$", problems);
        return problems;
    }

    private static void walk(JsonNode node, String typeName, String path, List<String> problems)
    {
        if (typeName.isEmpty()) {
            if (node.isObject() || (node.isArray() && node.size() > 0 && node.get(0).isObject())) {
                problems.add(path + ": an object where the schema has a scalar");
            }
            return;
        }
        if (typeName.startsWith(ARRAY)) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), typeName.substring(ARRAY.length()), path + "[" + i + "]", problems);
            }
            return;
        }
        if (typeName.startsWith(MAP)) {
            Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                walk(entry.getValue(), typeName.substring(MAP.length()), path + "[" + entry.getKey() + "]", problems);
            }
            return;
        }
        Type type = TYPES.get(typeName);
        if (type == null) {
            problems.add(path + ": berth writes a " + typeName + " this table does not transcribe");
            return;
        }
        if (!node.isObject()) {
            problems.add(path + ": " + typeName + " (" + type.file() + ") must be an object");
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldType = type.fields().get(field.getKey());
            if (fieldType == null) {
                problems.add(path + "." + field.getKey() + ": not a field of " + typeName + " (" + type.file() + ")");
            }
            else {
                walk(field.getValue(), fieldType, path + "." + field.getKey(), problems);
            }
        }
    }

    static Set<String> typeNames()
    {
        return TYPES.keySet();
    }
}

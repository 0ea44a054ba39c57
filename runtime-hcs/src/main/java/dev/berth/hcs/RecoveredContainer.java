package dev.berth.hcs;

import dev.berth.core.runtime.ExitStatus;
import dev.berth.hcs.document.IsolationMode;
import dev.berth.hcs.error.HcsCallFailed;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.Optional;

/**
 * Rebuilds a {@link TrackedContainer} for a compute system another backend instance created, from its
 * {@link ContainerRecord}: its service, isolation, command, scratch layer (so remove releases it), utility VM, and
 * exit once recorded. The init process is not reopened: its handle and pipes were the other instance's.
 */
final class RecoveredContainer
{
    private static final Logger log = LogManager.getLogger(RecoveredContainer.class);

    private RecoveredContainer() {}

    static TrackedContainer of(String id, SystemHandle system, Optional<ContainerRecord> found, HcsClient client, ContainerFactory factory)
    {
        if (found.isEmpty()) {
            // made by an agent that kept no record: only what HCS says is known
            return new TrackedContainer(id, id, IsolationMode.PROCESS, system, Optional.empty(), Optional.empty(), "", factory.log(id));
        }
        ContainerRecord record = found.get();
        Optional<SystemHandle> utilityVm = Optional.empty();
        if (record.utilityVmId() != null) {
            try {
                utilityVm = Optional.of(client.openComputeSystem(record.utilityVmId()));
            }
            catch (HcsCallFailed e) {
                log.info("utility VM {} of {} is not there any more: {}", record.utilityVmId(), id, e.getMessage());
            }
        }
        TrackedContainer container = new TrackedContainer(id, record.service(), record.isolation(), system, utilityVm,
                Optional.ofNullable(record.scratchPath()), record.initParameters(), factory.log(id));
        container.record = record;
        if (record.exitCode() != null) {
            container.exit = ExitStatus.of(record.exitCode());
        }
        return container;
    }

    /** Closes the handles {@link #of} opened, for an adoption that lost a race. */
    static void close(TrackedContainer container, HcsClient client)
    {
        client.close(container.system);
        container.utilityVm.ifPresent(client::close);
    }
}

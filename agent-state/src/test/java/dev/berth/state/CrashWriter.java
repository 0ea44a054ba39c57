package dev.berth.state;

import dev.berth.core.error.StartFailed;
import dev.berth.core.runtime.ContainerState;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The child process of {@link CrashSafetyTest}: writes to the store in a loop and prints {@code ack <id>} after
 * each write returned, until it is killed.
 */
public final class CrashWriter
{
    private CrashWriter() {}

    public static void main(String[] args)
    {
        Path file = Path.of(args[0]);
        String prefix = args[1];
        PrintStream out = System.out;
        try (StateStore store = StateStore.open(file)) {
            out.println("open");
            out.flush();
            for (int i = 0; ; i++) {
                String id = prefix + "." + i;
                if (i % 3 == 0) {
                    // a multi-row transaction: all or nothing
                    int number = i;
                    store.inTransaction(() -> {
                        store.putService(new ServiceRecord(id, "{\"name\":\"" + id + "\"}", 1, false, Instant.now()));
                        store.putContainer(record(id, number));
                        store.recordOwner(id, "youki");
                    });
                }
                else {
                    store.putContainer(record(id, i));
                }
                out.println("ack " + id);
                out.flush();
            }
        }
    }

    private static ContainerRecord record(String id, int number)
    {
        return ContainerRecord.pending(id, "svc", number, "busybox", "NONE", "/logs/" + id).toBuilder()
                .state(ContainerState.FAILED)
                .exitCode(OptionalInt.of(number % 256))
                .failure(Optional.of(new StartFailed(id, "scripted failure " + number)))
                .build();
    }
}

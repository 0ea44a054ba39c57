package dev.berth.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * SIGKILLs a child JVM that writes to the store, at random instants (during open and migration too), many times
 * over; after every kill the store must open and hold every write the child had acknowledged.
 * {@code -Dberth.crash.kills=N} changes the number of kills (default 30).
 */
class CrashSafetyTest
{
    @TempDir
    Path dataDir;

    @Test
    void sigkillAtRandomInstantsLosesNoAcknowledgedWrite()
            throws Exception
    {
        int kills = Integer.getInteger("berth.crash.kills", 30);
        long seed = Long.getLong("berth.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path file = StateStore.fileIn(dataDir);
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        int killedBeforeOpen = 0;
        for (int round = 0; round < kills; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    CrashWriter.class.getName(), file.toString(), "r" + round)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                }
                catch (Exception ignored) {
                    // the pipe breaks when the child is killed
                }
            });
            reader.start();
            // every fourth kill lands anywhere from JVM start through open and migration; the rest while writing
            if (round % 4 == 0) {
                Thread.sleep(random.nextInt(1500));
            }
            else {
                for (int waited = 0; !lines.contains("open") && child.isAlive() && waited < 20_000; waited += 10) {
                    Thread.sleep(10);
                }
                Thread.sleep(random.nextInt(300));
            }
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            if (!lines.contains("open")) {
                killedBeforeOpen++;
            }
            lines.stream().filter(line -> line.startsWith("ack ")).map(line -> line.substring(4)).forEach(acknowledged::add);

            try (StateStore store = StateStore.open(file)) {
                Set<String> stored = store.containers().stream().map(ContainerRecord::id).collect(Collectors.toSet());
                assertThat(stored).as("round %d, seed %d", round, seed).containsAll(acknowledged);
                Set<String> services = store.services().stream().map(ServiceRecord::name).collect(Collectors.toSet());
                // a transaction is all or nothing: a service row exists exactly when its owner row does
                assertThat(store.owners().keySet()).as("round %d, seed %d", round, seed).isEqualTo(services);
            }
        }
        assertThat(acknowledged).as("the child got to write at all").hasSizeGreaterThan(kills);
        System.err.printf("crash safety: %d kills (%d before the store opened), %d acknowledged writes all present, seed %d%n",
                kills, killedBeforeOpen, acknowledged.size(), seed);
    }
}

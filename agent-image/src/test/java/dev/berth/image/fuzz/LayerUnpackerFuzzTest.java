package dev.berth.image.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.image.unpack.LayerUnpacker;
import dev.berth.image.unpack.Trees;
import dev.berth.image.unpack.UnsafeLayer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fuzzes the layer unpacker with arbitrary (compressed or plain) tar bytes: each input unpacks, or is refused with
 * {@link UnsafeLayer} or an I/O error (a malformed archive), or commons-compress's IllegalArgumentException for a
 * malformed header (the service maps all of these to PullFailed); and in every case nothing appears next to the root.
 * The corpus in {@code LayerUnpackerFuzzTestInputs} holds hostile tars (.., absolute, symlink escape, hard link out).
 */
class LayerUnpackerFuzzTest
{
    @FuzzTest(maxDuration = "60s")
    void unpack(byte[] input)
            throws IOException
    {
        Path sandbox = Files.createTempDirectory("berth-fuzz-");
        try {
            Path root = Files.createDirectory(sandbox.resolve("root"));
            try {
                new LayerUnpacker(8L << 20, false).unpack(new ByteArrayInputStream(input), root, Optional.empty());
            }
            catch (UnsafeLayer | IOException | IllegalArgumentException expected) {
                // refused: the intended outcome for bad or hostile input
            }
            try (Stream<Path> siblings = Files.list(sandbox)) {
                assertThat(siblings).as("nothing written beside the root").containsExactly(root);
            }
        }
        finally {
            Trees.deleteRecursively(sandbox);
        }
    }
}

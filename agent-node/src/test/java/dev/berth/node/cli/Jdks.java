package dev.berth.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** The JDKs installed under /usr/lib/jvm, by the feature version in their release file. */
final class Jdks
{
    private Jdks() {}

    static Optional<Path> atLeast(int feature)
    {
        Path root = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(root)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> feature(home) >= feature)
                    .max(Comparator.comparingInt(Jdks::feature));
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int feature(Path home)
    {
        try (Stream<String> lines = Files.lines(home.resolve("release"))) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .map(version -> version.split("[._]")[0])
                    .mapToInt(major -> major.equals("1") ? 8 : Integer.parseInt(major))
                    .findFirst()
                    .orElse(0);
        }
        catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}

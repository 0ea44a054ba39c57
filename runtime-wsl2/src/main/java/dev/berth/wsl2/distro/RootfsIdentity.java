package dev.berth.wsl2.distro;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The image's {@code /etc/passwd} and {@code /etc/group}, copied out of the container's root filesystem in the
 * distro into a local temp directory laid out like a root, so runtime-oci's bundle builder (which reads user
 * names from a local rootfs) resolves {@code user: nobody} for the delegate too. Copied only when the user is a name.
 */
public final class RootfsIdentity
        implements AutoCloseable
{
    private final Optional<Path> root;

    private RootfsIdentity(Optional<Path> root)
    {
        this.root = requireNonNull(root, "root is null");
    }

    public static RootfsIdentity copy(DistroFiles files, String rootfs, String user)
    {
        String name = user.split(":", 2)[0];
        boolean numeric = user.chars().allMatch(c -> Character.isDigit(c) || c == ':');
        if (user.isEmpty() || numeric && !name.isEmpty()) {
            return new RootfsIdentity(Optional.empty());
        }
        try {
            Path local = Files.createTempDirectory("berth-wsl2-identity-");
            Files.createDirectories(local.resolve("etc"));
            for (String file : List.of("etc/passwd", "etc/group")) {
                Optional<String> text = files.read(rootfs + "/" + file);
                if (text.isPresent()) {
                    Files.writeString(local.resolve(file), text.get());
                }
            }
            return new RootfsIdentity(Optional.of(local));
        }
        catch (IOException e) {
            throw new Internal("cannot copy the image's user database out of " + rootfs, e);
        }
    }

    /** The stand-in root to resolve user and group names against, when the user is a name. */
    public Optional<Path> root()
    {
        return root;
    }

    @Override
    public void close()
    {
        if (root.isEmpty()) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root.get())) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}

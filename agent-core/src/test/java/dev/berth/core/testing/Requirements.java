package dev.berth.core.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gates for tests that need root, a runtime binary, a registry or etcd. On a developer laptop a missing
 * requirement skips the test; in CI ({@code CI=true}) it fails it, so CI can never pass by skipping.
 */
public final class Requirements
{
    private Requirements() {}

    public static boolean inCi()
    {
        return "true".equals(System.getenv("CI")) || "true".equals(System.getenv("BERTH_TEST_CI"));
    }

    /** Skips (laptop) or fails (CI) unless {@code condition} holds. */
    public static void require(boolean condition, String what)
    {
        if (condition) {
            return;
        }
        if (inCi()) {
            Assertions.fail("CI=true and this test needs " + what);
        }
        Assumptions.abort("needs " + what);
    }

    public static void requireRoot()
    {
        require("root".equals(System.getProperty("user.name")), "root");
    }

    /** The absolute path of an executable on the usual system paths, required to exist. */
    public static Path requireExecutable(String name)
    {
        for (String directory : new String[] {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        require(false, "the executable '" + name + "'");
        throw new IllegalStateException("unreachable");
    }
}

package dev.berth.node.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built distribution (target/berth), checked after the package phase has assembled it (the pom's
 * {@code distribution-check} execution; named so the test phase, which runs before it exists, skips it): its lib/
 * holds a plugin for every backend the example config names and no other, and its own {@code berth doctor} lists them.
 */
class DistributionCheck
{
    private static final Pattern NAMED = Pattern.compile("^\\s*backends:.*#\\s*or a list:\\s*(.+)$", Pattern.MULTILINE);

    @TempDir
    Path temp;

    @Test
    void libShipsAPluginForEveryBackendTheExampleConfigNames()
            throws Exception
    {
        Path home = home();
        assertThat(plugins(home.resolve("lib"))).isEqualTo(namedInExampleConfig(home));
    }

    @Test
    void doctorFromTheDistributionListsTheWsl2DelegateWithWhyItIsUnusableHere()
            throws Exception
    {
        Path home = home();
        Process doctor = new ProcessBuilder(home.resolve("bin/berth").toString(), "doctor", "--json", "--config",
                home.resolve("conf/config.yaml").toString(), "--data-dir", temp.resolve("data").toString())
                .redirectError(temp.resolve("doctor.err").toFile()).start();
        byte[] out = doctor.getInputStream().readAllBytes();
        assertThat(doctor.waitFor(120, TimeUnit.SECONDS)).as("berth doctor finished").isTrue();
        JsonNode backends = new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8)).path("backends");
        assertThat(backends.path("wsl2").path("usable").asBoolean(true)).isFalse();
        assertThat(backends.path("wsl2").path("reason").asText()).contains("not a Windows host");
        assertThat(backends.path("hcs").path("usable").asBoolean(true)).isFalse();
        assertThat(new TreeSet<String>(iterableNames(backends))).isEqualTo(namedInExampleConfig(home));
    }

    private static Path home()
    {
        String home = System.getProperty("berth.distribution");
        Assumptions.assumeTrue(home != null, "run by the package phase's distribution-check execution, once target/berth exists");
        return Path.of(home);
    }

    /** The backends the example config offers in {@code backends: auto  # or a list: youki, hcs, wsl2}. */
    private static TreeSet<String> namedInExampleConfig(Path home)
            throws IOException
    {
        Matcher matcher = NAMED.matcher(Files.readString(home.resolve("conf/config.yaml")));
        assertThat(matcher.find()).as("conf/config.yaml names its backends after runtime.backends").isTrue();
        TreeSet<String> names = new TreeSet<>();
        Arrays.stream(matcher.group(1).split(",")).map(String::strip).forEach(names::add);
        return names;
    }

    /** Every backend plugin ServiceLoader finds on lib/*.jar alone, in a loader of its own (not the test's class path). */
    private static TreeSet<String> plugins(Path lib)
            throws Exception
    {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib)) {
            for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        }
        TreeSet<String> names = new TreeSet<>();
        try (URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> spi = loader.loadClass("dev.berth.core.plugin.BackendPlugin");
            Method name = spi.getMethod("name");
            for (Object plugin : ServiceLoader.load(spi, loader)) {
                names.add((String) name.invoke(plugin));
            }
        }
        return names;
    }

    private static List<String> iterableNames(JsonNode node)
    {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

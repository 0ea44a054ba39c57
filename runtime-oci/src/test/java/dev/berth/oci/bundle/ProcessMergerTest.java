package dev.berth.oci.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.spec.ServiceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

class ProcessMergerTest
{
    private static final ImageConfig IMAGE = new ImageConfig(List.of("/entry"), List.of("--serve"), List.of("PATH=/opt/bin", "MODE=image", "KEEP=1"),
            "/app", "app", Set.of(), Map.of(), "");

    private static ServiceSpec spec(List<String> command, List<String> args, Map<String, String> env, String workingDir, String user)
    {
        ServiceSpec base = ServiceSpec.of("svc", "img", args);
        return new ServiceSpec(base.name(), base.image(), command, args, env, base.secretEnv(), workingDir, user, base.tty(), base.ports(),
                base.mounts(), base.network(), base.resources(), base.platform(), base.isolation(), base.runtime(), base.labels(), base.health(),
                base.init(), base.initPolicy(), base.depends(), base.restart(), base.replicas(), base.security(), base.startTimeout(), base.stopGrace());
    }

    @TempDir
    Path rootfs;

    private Optional<Path> rootfsWithUsers()
            throws IOException
    {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nstaff:x:50:\n");
        return Optional.of(rootfs);
    }

    @Test
    void imageDefaultsApplyWhenTheSpecIsSilent()
            throws IOException
    {
        ProcessPlan plan = ProcessMerger.merge(spec(List.of(), List.of(), Map.of(), "", ""), IMAGE, rootfsWithUsers());
        assertThat(plan).isEqualTo(new ProcessPlan(List.of("/entry", "--serve"), List.of("PATH=/opt/bin", "MODE=image", "KEEP=1"), "/app", 1000, 1001));
    }

    @Test
    void specOverridesImage()
            throws IOException
    {
        ProcessPlan args = ProcessMerger.merge(spec(List.of(), List.of("--debug"), Map.of("MODE", "spec"), "/work", "0:50"), IMAGE, rootfsWithUsers());
        assertThat(args.args()).containsExactly("/entry", "--debug");
        assertThat(args.env()).containsExactly("PATH=/opt/bin", "MODE=spec", "KEEP=1");
        assertThat(args.cwd()).isEqualTo("/work");
        assertThat(List.of(args.uid(), args.gid())).containsExactly(0L, 50L);

        ProcessPlan command = ProcessMerger.merge(spec(List.of("/bin/sh", "-c"), List.of(), Map.of(), "", "app:staff"), IMAGE, rootfsWithUsers());
        assertThat(command.args()).as("a spec command drops the image's cmd").containsExactly("/bin/sh", "-c");
        assertThat(List.of(command.uid(), command.gid())).containsExactly(1000L, 50L);
    }

    @Test
    void badInputNamesTheField()
    {
        assertThatThrownBy(() -> ProcessMerger.merge(spec(List.of(), List.of(), Map.of(), "", ""), ImageConfig.EMPTY, Optional.empty()))
                .isInstanceOf(InvalidSpec.class).hasMessageContaining("command");
        assertThatThrownBy(() -> ProcessMerger.merge(spec(List.of(), List.of("x"), Map.of(), "relative", ""), ImageConfig.EMPTY, Optional.empty()))
                .isInstanceOf(InvalidSpec.class).hasMessageContaining("workingDir");
        assertThatThrownBy(() -> ProcessMerger.merge(spec(List.of(), List.of("x"), Map.of(), "", "ghost"), ImageConfig.EMPTY, Optional.empty()))
                .isInstanceOf(InvalidSpec.class).hasMessageContaining("user").hasMessageContaining("ghost");
    }
}

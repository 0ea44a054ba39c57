package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.PullFailed;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.testing.TestImages;
import dev.berth.image.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** A registry behind htpasswd basic auth, with credentials from a docker-style config.json. */
class AuthTest
{
    @TempDir
    Path work;

    @Test
    void pullsWithCredentialsFromTheAuthFileAndRefusesWithoutOrWithWrongOnes()
            throws Exception
    {
        try (TestRegistry registry = TestRegistry.startWithAuth("puller", "s3cret-pass")) {
            String reference = registry.push(TestImages.image().layer(TestImages.layer().file("secret", "content")).build(), "private/image:1");

            try (DefaultImageService images = Stores.open(work.resolve("none"))) {
                assertThatThrownBy(() -> images.pull(reference, PlatformSpec.ANY, PullListener.NONE))
                        .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason())
                                .contains("needs credentials and the auth file has none for it"));
            }

            Path wrong = authFile("wrong.json", registry.host(), "puller", "not-the-password");
            try (DefaultImageService images = Stores.open(work.resolve("wrong"), Map.of("image.auth-file", wrong.toString()))) {
                assertThatThrownBy(() -> images.pull(reference, PlatformSpec.ANY, PullListener.NONE))
                        .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.getMessage())
                                .contains("refused the credentials").doesNotContain("not-the-password"));
            }

            Path right = authFile("right.json", registry.host(), "puller", "s3cret-pass");
            try (DefaultImageService images = Stores.open(work.resolve("right"), Map.of("image.auth-file", right.toString()))) {
                PulledImage pulled = images.pull(reference, PlatformSpec.ANY, PullListener.NONE);
                assertThat(pulled.reference()).isEqualTo(reference);
            }
        }
    }

    @Test
    void fetchesABearerTokenFromTheChallengeRealm()
            throws Exception
    {
        try (TestRegistry registry = TestRegistry.start();
                dev.berth.image.testing.FaultInjectingProxy tokenRegistry = new dev.berth.image.testing.FaultInjectingProxy(registry)) {
            registry.push(TestImages.image().layer(TestImages.layer().file("f", "bearer")).build(), "token/image:1");
            tokenRegistry.requireBearerToken("robot", "robot-pass");
            String reference = tokenRegistry.host() + "/token/image:1";

            Path wrong = authFile("wrong.json", tokenRegistry.host(), "robot", "nope");
            try (DefaultImageService images = Stores.open(work.resolve("wrong"), Map.of("image.auth-file", wrong.toString()))) {
                assertThatThrownBy(() -> images.pull(reference, PlatformSpec.ANY, PullListener.NONE))
                        .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason())
                                .contains("token service 127.0.0.1 answered 401 for user robot"));
            }

            Path right = authFile("right.json", tokenRegistry.host(), "robot", "robot-pass");
            try (DefaultImageService images = Stores.open(work.resolve("right"), Map.of("image.auth-file", right.toString()))) {
                PulledImage pulled = images.pull(reference, PlatformSpec.ANY, PullListener.NONE);
                assertThat(images.layerDirectories(pulled).get(0).resolve("f")).hasContent("bearer");
            }
            assertThat(tokenRegistry.requests()).filteredOn(request -> request.path().equals("/token")).hasSize(2);
        }
    }

    private Path authFile(String name, String registry, String user, String password)
            throws Exception
    {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Path file = work.resolve(name);
        Files.writeString(file, "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
        return file;
    }
}

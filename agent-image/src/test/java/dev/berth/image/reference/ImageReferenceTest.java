package dev.berth.image.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.InvalidSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest
{
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @ParameterizedTest
    @CsvSource({
            "busybox, docker.io/library/busybox:latest",
            "busybox:1.36, docker.io/library/busybox:1.36",
            "library/busybox, docker.io/library/busybox:latest",
            "docker.io/busybox, docker.io/library/busybox:latest",
            "index.docker.io/library/busybox:1, docker.io/library/busybox:1",
            "team/app, docker.io/team/app:latest",
            "ghcr.io/org/sub/app:v1.2-rc_3, ghcr.io/org/sub/app:v1.2-rc_3",
            "localhost/app, localhost/app:latest",
            "localhost:5000/app:dev, localhost:5000/app:dev",
            "127.0.0.1:5000/a/b, 127.0.0.1:5000/a/b:latest",
            "[::1]:5000/app, [::1]:5000/app:latest",
            "my-registry.example.com:443/x__y/z.w-q, my-registry.example.com:443/x__y/z.w-q:latest",
    })
    void parsesAndCanonicalizes(String text, String canonical)
    {
        assertThat(ImageReference.parse(text).canonical()).isEqualTo(canonical);
    }

    @org.junit.jupiter.api.Test
    void keepsDigestsAndTagsTogether()
    {
        ImageReference byDigest = ImageReference.parse("busybox@" + DIGEST);
        assertThat(byDigest.tag()).isEmpty();
        assertThat(byDigest.digest()).contains(DIGEST);
        assertThat(byDigest.manifestReference()).isEqualTo(DIGEST);
        assertThat(byDigest.canonical()).isEqualTo("docker.io/library/busybox@" + DIGEST);

        ImageReference both = ImageReference.parse("localhost:5000/app:1@" + DIGEST);
        assertThat(both.registry()).isEqualTo("localhost:5000");
        assertThat(both.tag()).contains("1");
        assertThat(both.manifestReference()).isEqualTo(DIGEST);
        assertThat(both.endpointHost()).isEqualTo("localhost:5000");
        assertThat(ImageReference.parse("busybox").endpointHost()).isEqualTo("registry-1.docker.io");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''| it is empty",
            "Busybox| must be lowercase",
            "busybox:| is not a valid tag",
            "busybox:-bad| is not a valid tag",
            "busybox@sha256:abc| is not a digest",
            "busybox@md5:" + "ab" + "| is not a digest",
            "a//b| empty path component",
            "a/-b| is not a valid repository path component",
            "bad_host.com:port/x| is not a valid registry host[:port]",
            "' busybox'| leading or trailing whitespace",
            ":tag| the repository name is empty",
    })
    void refusesMalformedReferencesNamingTheProblem(String text, String problem)
    {
        assertThatThrownBy(() -> ImageReference.parse(text))
                .isInstanceOfSatisfying(InvalidSpec.class, error -> assertThat(error.message())
                        .startsWith("image reference '" + text + "'")
                        .contains(problem));
    }

    @Test
    void refusesControlCharactersAndQuotesThemEscaped()
    {
        // the terminal-title escape of issue 20: ESC ] 0 ; pwned BEL
        assertThatThrownBy(() -> ImageReference.parse("demo/busybox\u001b]0;pwned\u0007:latest"))
                .isInstanceOfSatisfying(InvalidSpec.class, error -> assertThat(error.getMessage())
                        .contains("image reference 'demo/busybox\\x1b]0;pwned\\x07:latest'")
                        .contains("control character U+001B at position 12")
                        .doesNotContain("\u001b").doesNotContain("\u0007"));
        assertThatThrownBy(() -> ImageReference.parse("busybox:lat\u009best")).hasMessageContaining("U+009B");
        assertThatThrownBy(() -> ImageReference.parse("busybox\n")).hasMessageContaining("U+000A");
    }
}

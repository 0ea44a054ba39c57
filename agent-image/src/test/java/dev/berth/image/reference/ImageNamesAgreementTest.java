package dev.berth.image.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ImageNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scheduler compares references with agent-core's ImageNames; it must name an image as the store does. */
class ImageNamesAgreementTest
{
    @ParameterizedTest
    @ValueSource(strings = {"busybox", "busybox:1.36", "library/busybox", "someone/app:2", "docker.io/someone/app",
            "registry.local:5000/app", "registry.local:5000/team/app:1.2", "localhost/app", "localhost:5000/a/b/c:x",
            "[::1]:5000/app:1", "registry.local/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "app:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void sameFullReferenceAsTheImageStore(String reference)
    {
        assertThat(ImageNames.canonical(reference)).isEqualTo(ImageReference.parse(reference).canonical());
    }
}

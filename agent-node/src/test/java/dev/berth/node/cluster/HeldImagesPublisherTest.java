package dev.berth.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.bridge.HeldImage;
import dev.berth.bridge.NodeState;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.image.StoredImage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

class HeldImagesPublisherTest
{
    @Test
    void mostRecentlyStoredFirstAndBounded()
    {
        List<StoredImage> stored = new ArrayList<>();
        for (int i = 0; i < NodeState.MAX_IMAGES + 10; i++) {
            stored.add(new StoredImage("registry.local/app:" + i, "sha256:" + i, ImagePlatform.of("linux", "amd64"), 10, Instant.ofEpochSecond(1000 + i)));
        }
        List<HeldImage> held = HeldImagesPublisher.held(stored);

        assertThat(held).hasSize(NodeState.MAX_IMAGES);
        assertThat(held.get(0)).isEqualTo(new HeldImage("registry.local/app:" + (NodeState.MAX_IMAGES + 9), "sha256:" + (NodeState.MAX_IMAGES + 9)));
        assertThat(held).extracting(HeldImage::digest).doesNotContain("sha256:0", "sha256:9");
    }
}

package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare runs its variants in one container: a configuration that exists once there must not differ between them. */
class CompareSingletonsTest {
    @Test
    void refusesVariantsThatDisagreeOnAContainerWideConfiguration(@TempDir Path tmp) throws Exception {
        // the peer CNN on a wider crop: emotion.features.facecrop is one component for every variant
        Path wide = tmp.resolve("peer-wide-crop.json");
        Files.writeString(wide, """
                { "description": "fer2013-test-peer on a wider crop", "extends": "fer2013-test-peer",
                  "variables": { "crop.margin": "0.3" } }
                """);
        LauncherTest.Run r = LauncherTest.launch(LauncherTest.HOME, "compare", "--profiles",
                "fer2013-test-peer," + wide, "--labels", "folders", "--output", tmp.resolve("cmp").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("sets emotion.features.facecrop to {\"margin:Double\":\"0.3\"}")
                .contains("an earlier variant set it to {\"margin:Double\":\"0.1\"}");
        assertThat(Files.exists(tmp.resolve("cmp"))).isFalse();
    }
}

package org.emotionlens.api.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.Image;
import org.junit.jupiter.api.Test;

class UpscaleTest {
    @Test
    void flatImagesStayFlatAndSizesFollowTheLongerSide() {
        byte[] flat = new byte[48 * 48 * 3];
        java.util.Arrays.fill(flat, (byte) 73);
        Image up = Upscale.toLongerSide(new Image(48, 48, flat), 64);
        assertThat(up.width()).isEqualTo(64);
        assertThat(up.height()).isEqualTo(64);
        for (byte b : up.rgb()) {
            assertThat(b & 0xff).isEqualTo(73);
        }
        assertThat(Upscale.toLongerSide(new Image(48, 24, new byte[48 * 24 * 3]), 96).height()).isEqualTo(48);
        Image big = new Image(100, 80, new byte[100 * 80 * 3]);
        assertThat(Upscale.toLongerSide(big, 64)).isSameAs(big);
        assertThat(Upscale.toLongerSide(big, 0)).isSameAs(big);
    }

    @Test
    void kernelIsKeysWithAMinusOneHalf() {
        assertThat(Upscale.cubic(0)).isEqualTo(1.0);
        assertThat(Upscale.cubic(1)).isEqualTo(0.0);
        assertThat(Upscale.cubic(2)).isEqualTo(0.0);
        assertThat(Upscale.cubic(0.5)).isEqualTo(0.5625);
        assertThat(Upscale.cubic(1.5)).isEqualTo(-0.0625);
    }

    @Test
    void doublingAStepOvershootsLikeBicubicAndClamps() {
        // one row 0 0 255 255 -> 8 pixels; at x=3 the source point is 1.25: 255 * (k(0.75) + k(1.75)) = 51.8 -> 52
        byte[] src = new byte[4 * 3];
        for (int x = 2; x < 4; x++) {
            src[x * 3] = src[x * 3 + 1] = src[x * 3 + 2] = (byte) 255;
        }
        Image up = Upscale.bicubic(new Image(4, 1, src), 8, 1);
        int[] r = new int[8];
        for (int x = 0; x < 8; x++) {
            r[x] = up.rgb()[x * 3] & 0xff;
        }
        assertThat(r).containsExactly(0, 0, 0, 52, 203, 255, 255, 255);
    }
}

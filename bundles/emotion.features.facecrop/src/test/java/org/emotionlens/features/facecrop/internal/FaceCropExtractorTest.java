package org.emotionlens.features.facecrop.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;


import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.image.ImageConversion;
import org.junit.jupiter.api.Test;

/** On a real photo (face-api demo sample1.jpg, committed with the landmarker's parity data). */
class FaceCropExtractorTest {
    private static final Path PHOTO = Path.of(System.getProperty("emotionlens.project", "../.."))
            .resolve("bundles/emotion.landmarker/src/test/resources/parity/images/sample1.jpg");

    private static Image photo() throws IOException {
        return ImageConversion.read(PHOTO);
    }

    private static double lumaAt(Image img, int x, int y) {
        int i = (y * img.width() + x) * 3;
        return FaceCropExtractor.luma(img.rgb()[i], img.rgb()[i + 1], img.rgb()[i + 2]);
    }

    @Test
    void aPixelAlignedCropIsTheMeanOfEachTwoByTwoBlock() throws IOException {
        Image img = photo();
        int px = 40;
        int py = 30;
        Box box = new Box((float) px / img.width(), (float) py / img.height(), 128f / img.width(), 128f / img.height());
        float[] crop = FaceCropExtractor.crop(img, box, 0);
        double maxDiff = 0;
        for (int oy = 0; oy < 64; oy++) {
            for (int ox = 0; ox < 64; ox++) {
                int x = px + 2 * ox;
                int y = py + 2 * oy;
                double mean = (lumaAt(img, x, y) + lumaAt(img, x + 1, y) + lumaAt(img, x, y + 1)
                        + lumaAt(img, x + 1, y + 1)) / 4;
                maxDiff = Math.max(maxDiff, Math.abs(mean - crop[oy * 64 + ox]));
            }
        }
        // float box coordinates put the crop a few 1e-5 pixels off the grid
        assertThat(maxDiff).isLessThan(0.05);
    }

    @Test
    void theMarginEnlargesTheSquareAroundTheBoxCentre() throws IOException {
        Image img = photo();
        // a 64x32 px box: the crop is the 64 px square around its centre; margin 0.5 doubles it to 128 px
        Box box = new Box(100f / img.width(), 116f / img.height(), 64f / img.width(), 32f / img.height());
        float[] square = FaceCropExtractor.crop(img, box, 0);
        assertThat(square[0]).isCloseTo((float) lumaAt(img, 100, 100), within(0.05f));
        assertThat(square[63 * 64 + 63]).isCloseTo((float) lumaAt(img, 163, 163), within(0.05f));
        float[] wide = FaceCropExtractor.crop(img, box, 0.5);
        double topLeft = (lumaAt(img, 68, 68) + lumaAt(img, 69, 68) + lumaAt(img, 68, 69) + lumaAt(img, 69, 69)) / 4;
        assertThat(wide[0]).isCloseTo((float) topLeft, within(0.05f));
    }

    @Test
    void outsideTheImageRepeatsTheEdge() throws IOException {
        Image img = photo();
        // a box hanging over the left and top edges by half its size
        Box box = new Box(-32f / img.width(), -32f / img.height(), 64f / img.width(), 64f / img.height());
        float[] crop = FaceCropExtractor.crop(img, box, 0);
        for (int oy = 0; oy < 32; oy++) {
            for (int ox = 0; ox < 32; ox++) {
                assertThat(crop[oy * 64 + ox]).isCloseTo((float) lumaAt(img, 0, 0), within(0.05f));
            }
        }
        assertThat(crop[40 * 64 + 40]).isCloseTo((float) lumaAt(img, 8, 8), within(0.05f));
    }

    @Test
    void extractGivesFourThousandNinetySixNamedValuesOrNullWithoutABox() throws IOException {
        Image img = photo();
        FaceCropExtractor extractor = new FaceCropExtractor(FaceCropExtractor.DEFAULT_MARGIN);
        Frame frame = new Frame("sample1.jpg", 0, 0, img, null);
        Face boxed = new Face(0, new Box(0.3f, 0.2f, 0.2f, 0.3f), 0.9f, null, null, Map.of());
        FeatureVector v = extractor.extract(frame, boxed);
        assertThat(v.kind()).isEqualTo("face64");
        assertThat(v.names()).hasSize(4096).startsWith("px0", "px1").endsWith("px4095");
        assertThat(v.names()).isSameAs(extractor.names()); // the classifier caches its index per name list
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float f : v.values()) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertThat(min).isGreaterThanOrEqualTo(0f);
        assertThat(max).isLessThanOrEqualTo(255f).isGreaterThan(min); // a real face is not uniform
        assertThat(extractor.extract(frame, new Face(0, null, 0.9f, null, null, Map.of()))).isNull();
        assertThat(extractor.extract(new Frame("replay", 0, 0, null, List.of(boxed)), boxed)).isNull();
    }

    @Test
    void refusesANonsenseMargin() {
        assertThatThrownBy(() -> new FaceCropExtractor(-0.1)).hasMessageContaining("margin");
    }
}

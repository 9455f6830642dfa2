package org.emotionlens.detector.blazeface.internal;

import org.emotionlens.geometry.SsdAnchors;
import org.emotionlens.geometry.SsdFaceDecoder;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.emotionlens.api.Box;
import org.emotionlens.api.Detection;
import org.emotionlens.api.Image;
import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MediaPipe's BlazeFace on real photos. */
class BlazeFaceDetectorTest {
    static BlazeFaceDetector detector;

    @BeforeAll
    static void load() {
        detector = BlazeFaceDetector.withDefaults(TestMedia.models(), 1);
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void findsFacesInEveryRealPhotoWithKeypointsInsideTheBox() {
        int total = 0;
        for (Path photo : TestMedia.facePhotos()) {
            Image img = TestMedia.read(photo);
            List<Detection> found = detector.detect(img);
            System.out.printf("%s %dx%d: %d faces, scores %s%n", photo.getFileName(), img.width(), img.height(),
                    found.size(), found.stream().map(d -> String.format("%.2f", d.score())).toList());
            assertThat(found).as(photo.toString()).isNotEmpty();
            for (int i = 0; i < found.size(); i++) {
                Detection d = found.get(i);
                assertThat(d.score()).isBetween(0.5f, 1f);
                if (i > 0) {
                    assertThat(d.score()).isLessThanOrEqualTo(found.get(i - 1).score());
                }
                assertThat(d.keypointCount()).isEqualTo(6);
                Box b = d.box();
                assertThat(b.width()).isPositive();
                assertThat(b.height()).isPositive();
                // eyes, nose tip and mouth centre lie within the face box
                for (int k = 0; k < 4; k++) {
                    float x = d.keypoints()[2 * k];
                    float y = d.keypoints()[2 * k + 1];
                    assertThat(x).isBetween(b.x(), b.x() + b.width());
                    assertThat(y).isBetween(b.y(), b.y() + b.height());
                }
                // keypoint 0 (subject's right eye) is on the observer's left of keypoint 1 for upright faces
                assertThat(d.keypoints()[0]).isLessThan(d.keypoints()[2]);
            }
            total += found.size();
        }
        assertThat(total).isGreaterThanOrEqualTo(TestMedia.facePhotos().size());
    }

    @Test
    void weightedNmsMergesOverlapsByScoreAndKeepsSeparateFaces() {
        var a = new SsdFaceDecoder.Candidate(0.9f, 0.10f, 0.10f, 0.30f, 0.30f, new float[] {0.2f, 0.2f});
        var b = new SsdFaceDecoder.Candidate(0.6f, 0.12f, 0.12f, 0.32f, 0.32f, new float[] {0.3f, 0.2f});
        var far = new SsdFaceDecoder.Candidate(0.7f, 0.60f, 0.60f, 0.80f, 0.80f, new float[] {0.7f, 0.7f});
        List<SsdFaceDecoder.Candidate> out = SsdFaceDecoder.weightedNms(List.of(b, far, a), 0.5f);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).score()).isEqualTo(0.9f); // head keeps its own score
        assertThat(out.get(0).xmin()).isCloseTo((0.10f * 0.9f + 0.12f * 0.6f) / 1.5f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(out.get(0).keypoints()[0]).isCloseTo((0.2f * 0.9f + 0.3f * 0.6f) / 1.5f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(out.get(1).score()).isEqualTo(0.7f);
        assertThat(out.get(1).xmin()).isCloseTo(0.60f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(out.get(1).keypoints()).containsExactly(0.7f, 0.7f);
    }

    @Test
    void noFaceGivesAnEmptyList() {
        assertThat(detector.detect(TestMedia.grey(640, 480))).isEmpty();
        Image photo = TestMedia.read(TestMedia.facePhotos().get(0));
        // a thin strip of the photo's top edge: background only
        assertThat(detector.detect(TestMedia.crop(photo, 0, 0, photo.width(), 12))).isEmpty();
    }

    @Test
    void anchorsFollowTheSsdLayout() {
        float[] c = SsdAnchors.shortRange();
        assertThat(c).hasSize(896 * 2);
        assertThat(c[0]).isEqualTo(0.5f / 16); // first cell of the 16x16 map
        assertThat(c[2]).isEqualTo(c[0]); // 2 anchors per cell
        assertThat(c[512 * 2]).isEqualTo(0.5f / 8); // first cell of the 8x8 map, 6 anchors per cell
        assertThat(c[(512 + 5) * 2]).isEqualTo(0.5f / 8);
        assertThat(c[(512 + 6) * 2]).isEqualTo(1.5f / 8);
    }
}

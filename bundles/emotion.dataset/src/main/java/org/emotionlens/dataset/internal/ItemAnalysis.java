package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.util.List;

import org.emotionlens.api.FaceResult;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.api.image.Upscale;
import org.emotionlens.pipeline.FrameAnalyzer;
import org.emotionlens.pipeline.FrameAnalyzers;

/**
 * One work item to its journal row: the sample decoded, flipped and rotated as the item says, upscaled, and run as
 * one frame through the pipeline's frame path ({@link FrameAnalyzer}: detector, the landmarker's tracker in IMAGE
 * mode with one face, the build's {@link DatasetFeatures}). One per worker thread: it holds that thread's tracker.
 */
final class ItemAnalysis implements AutoCloseable {
    private final BuildInput input;
    private final Labels labels;
    private final int upscale;
    private final boolean filter;
    private final DatasetFeatures features;
    private final FrameAnalyzer analyzer;

    ItemAnalysis(Stages stages, BuildInput input, Labels labels, BuildOptions o) {
        this.input = input;
        this.labels = labels;
        this.upscale = o.upscale;
        this.filter = o.filter;
        this.features = new DatasetFeatures(stages.blendshapes(), o.landmarks ? stages.landmarks() : null);
        this.analyzer = FrameAnalyzers.open(stages.detector(), stages.landmarker(), features,
                new TrackerOptions(1, false));
    }

    /** The row of {@link Journal.Row}'s layout for work item number {@code seq}. */
    String row(long seq, WorkItem it) {
        Sample s = it.sample();
        String head = s.split() + "," + labels.of(s) + "," + s.className() + "," + s.sourceIndex() + "," + it.tag();
        Image img;
        try {
            img = input.decode(s);
        } catch (IOException | RuntimeException e) {
            String why = String.valueOf(e.getMessage()).replace(',', ';').replace('\n', ' ');
            return seq + "," + s.split() + ",unreadable," + head.substring(head.indexOf(',') + 1) + "," + why;
        }
        if (it.flip()) {
            img = Pixels.flip(img);
        }
        if (it.angle() != 0) {
            img = Pixels.rotate(img, it.angle());
        }
        img = Upscale.toLongerSide(img, upscale);
        List<FaceResult> faces = analyzer.analyse(new Frame("dataset", 0, 0, img, null));
        float[] values;
        if (!faces.isEmpty() && faces.get(0).features() != null) {
            values = faces.get(0).features().values();
        } else if (filter) {
            return seq + "," + s.split() + ",noface," + head.substring(head.indexOf(',') + 1);
        } else {
            values = new float[features.names().size()]; // --no-filter: zero scores
        }
        StringBuilder b = new StringBuilder(800);
        b.append(seq).append(',').append(s.split()).append(",kept,").append(head.substring(head.indexOf(',') + 1));
        for (float v : values) {
            b.append(',').append(v);
        }
        return b.toString();
    }

    @Override
    public void close() {
        analyzer.close();
    }
}

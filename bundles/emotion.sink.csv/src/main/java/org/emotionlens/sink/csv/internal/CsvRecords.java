package org.emotionlens.sink.csv.internal;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.HeadPose;
import org.emotionlens.api.Image;
import org.emotionlens.api.Prediction;

import java.util.List;
import java.util.Set;

/**
 * CSV with named columns: pipeline, source, frame, timestamp_us, [face], [box_x..box_h], truth, source_index, model,
 * label, [p_&lt;label&gt;...], [bs_&lt;blendshape&gt;...], [lm&lt;i&gt;_x, _y, _z...], [pose_yaw, pose_pitch,
 * pose_roll, m00..m33]; the bracketed groups as {@link Field}s select. The default fields give the sink's original
 * layout, byte for byte. A face without a group's values leaves its cells empty.
 */
final class CsvRecords implements Records {
    private final Set<Field> fields;

    CsvRecords(Set<Field> fields) {
        this.fields = fields;
    }

    @Override
    public String header(List<String> labels) {
        StringBuilder b = new StringBuilder("pipeline,source,frame,timestamp_us");
        if (fields.contains(Field.TRACK)) {
            b.append(",face");
        }
        if (fields.contains(Field.BOX)) {
            b.append(",box_x,box_y,box_w,box_h");
        }
        b.append(",truth,source_index,model,label");
        if (fields.contains(Field.PROBABILITIES)) {
            for (String l : labels) {
                b.append(",p_").append(l);
            }
        }
        if (fields.contains(Field.BLENDSHAPES)) {
            for (String n : Blendshapes.NAMES) {
                b.append(",bs_").append(n);
            }
        }
        if (fields.contains(Field.LANDMARKS)) {
            for (int i = 0; i < LANDMARKS; i++) {
                b.append(",lm").append(i).append("_x,lm").append(i).append("_y,lm").append(i).append("_z");
            }
        }
        if (fields.contains(Field.POSE)) {
            b.append(",pose_yaw,pose_pitch,pose_roll");
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    b.append(",m").append(r).append(c);
                }
            }
        }
        return b.toString();
    }

    @Override
    public String line(FrameResult r, FaceResult fr, List<String> labels) {
        Face face = fr == null ? null : fr.face();
        Prediction p = fr == null ? null : fr.prediction();
        StringBuilder b = new StringBuilder();
        b.append(text(r.pipeline())).append(',').append(text(r.frame().sourceId())).append(',')
                .append(r.frame().index()).append(',').append(r.frame().timestampMicros());
        if (fields.contains(Field.TRACK)) {
            b.append(',');
            if (face != null) {
                b.append(face.trackId());
            }
        }
        if (fields.contains(Field.BOX)) {
            Box box = face == null ? null : face.box();
            if (box == null) {
                b.append(",,,,");
            } else {
                b.append(',').append(num(box.x())).append(',').append(num(box.y())).append(',')
                        .append(num(box.width())).append(',').append(num(box.height()));
            }
        }
        b.append(',');
        if (face != null) {
            b.append(face.attributes().getOrDefault(Face.TRUTH, "")).append(',')
                    .append(face.attributes().getOrDefault(Face.SOURCE_INDEX, ""));
        } else {
            b.append(',');
        }
        b.append(',').append(p == null ? "" : text(p.modelId())).append(',').append(p == null ? "" : p.label());
        if (fields.contains(Field.PROBABILITIES)) {
            for (String l : labels) {
                b.append(',');
                if (p != null) {
                    b.append(num(p.probability(l)));
                }
            }
        }
        if (fields.contains(Field.BLENDSHAPES)) {
            float[] scores = face == null ? null : face.blendshapes();
            for (int i = 0; i < Blendshapes.COUNT; i++) {
                b.append(',');
                if (scores != null) {
                    b.append(num(scores[i]));
                }
            }
        }
        if (fields.contains(Field.LANDMARKS)) {
            float[] px = pixels(face, r.frame().image());
            for (int i = 0; i < 3 * LANDMARKS; i++) {
                b.append(',');
                if (px != null) {
                    b.append(num(px[i]));
                }
            }
        }
        if (fields.contains(Field.POSE)) {
            float[] m = face == null ? null : face.transform();
            if (m == null) {
                b.append(",".repeat(3 + 16));
            } else {
                HeadPose pose = HeadPose.of(m);
                b.append(',').append(num((float) pose.yaw())).append(',').append(num((float) pose.pitch()))
                        .append(',').append(num((float) pose.roll()));
                for (float v : m) {
                    b.append(',').append(num(v));
                }
            }
        }
        return b.toString();
    }

    /**
     * The face's landmarks in pixels of its frame (x times the width, y times the height, z times the width: z is
     * on the x scale), or null when the face has none or the frame no image to measure them in.
     */
    static float[] pixels(Face face, Image image) {
        float[] lm = face == null ? null : face.landmarks();
        if (lm == null || image == null || lm.length < 3 * LANDMARKS) {
            return null;
        }
        float[] px = new float[3 * LANDMARKS];
        for (int i = 0; i < LANDMARKS; i++) {
            px[3 * i] = lm[3 * i] * image.width();
            px[3 * i + 1] = lm[3 * i + 1] * image.height();
            px[3 * i + 2] = lm[3 * i + 2] * image.width();
        }
        return px;
    }

    static String num(float v) {
        return Float.toString(v);
    }

    private static String text(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}

package org.emotionlens.sink.csv.internal;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionSink;
import org.emotionlens.sink.csv.json.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Prediction file sink. Several pipelines may share it (the {@code pipeline} column tells them apart). The file is
 * written under a lock and flushed on {@link #flush()} and on deactivation, so nothing produced is lost on
 * shutdown or when the sink bundle is swapped. The probability columns follow the labels of the first prediction.
 *
 * <p>Activation checks that the file can be written (its folder is created) but leaves an existing file alone: the
 * file is opened, and truncated, with the first result, so a run that fails to start does not
 * destroy the output of an earlier one. It is written through a plain {@link FileOutputStream}, which, unlike a file
 * channel, survives an interrupt of the writing thread.
 */
@Component(configurationPid = FilePredictionSink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = PredictionSink.TYPE + "=file")
@Designate(ocd = FileSinkConfig.class, factory = true)
public class FilePredictionSink implements PredictionSink {
    static final String PID = "emotion.sink.file";

    private final Path path;
    private final boolean jsonl;
    private final boolean blendshapes;
    private final boolean emptyFrames;
    private BufferedWriter out;
    private List<String> labels;
    private long lines;
    private boolean closed;

    @Activate
    public FilePredictionSink(FileSinkConfig config) {
        this(Path.of(config.path()), config.format(), config.blendshapes(), config.empty_frames());
    }

    FilePredictionSink(Path path, String format, boolean blendshapes, boolean emptyFrames) {
        String f = format == null || format.isBlank()
                ? (path.toString().endsWith(".jsonl") || path.toString().endsWith(".json") ? "jsonl" : "csv")
                : format.toLowerCase(Locale.ROOT);
        if (!f.equals("csv") && !f.equals("jsonl")) {
            throw new IllegalArgumentException("sink format must be csv or jsonl, got '" + format + "'");
        }
        this.path = path;
        this.jsonl = f.equals("jsonl");
        this.blendshapes = blendshapes;
        this.emptyFrames = emptyFrames;
        Path parent = path.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write predictions to " + path + ": its folder " + parent
                    + " cannot be created (" + e + "); choose another output folder (--output)");
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("cannot write predictions to " + path + ": it is a folder; choose"
                    + " another output file or folder (--output)");
        }
        if (parent != null && !Files.isWritable(parent) || Files.exists(path) && !Files.isWritable(path)) {
            throw new IllegalArgumentException("cannot write predictions to " + path + ": "
                    + (Files.exists(path) ? "the file" : "its folder " + parent) + " is not writable; choose another"
                    + " output folder (--output)");
        }
    }

    private BufferedWriter out() throws IOException {
        if (out == null) {
            out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(path.toFile()),
                    StandardCharsets.UTF_8), 1 << 16);
        }
        return out;
    }

    @Override
    public synchronized void accept(FrameResult result) {
        if (closed) {
            return;
        }
        try {
            out(); // the first result makes the file, even one without faces: the run's output, however empty
            if (result.faces().isEmpty() && emptyFrames) {
                write(result, null);
            }
            for (FaceResult face : result.faces()) {
                write(result, face);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write predictions to " + path + ": " + e.getMessage(), e);
        }
    }

    private void write(FrameResult r, FaceResult fr) throws IOException {
        Prediction p = fr == null ? null : fr.prediction();
        if (labels == null && (p != null || !jsonl)) {
            labels = p != null ? p.labels() : org.emotionlens.api.Emotions.LABELS;
            if (!jsonl) {
                out().write(header());
                out().newLine();
            }
        }
        out().write(jsonl ? json(r, fr, p) : csv(r, fr, p));
        out().newLine();
        lines++;
    }

    private String header() {
        StringBuilder b = new StringBuilder(
                "pipeline,source,frame,timestamp_us,face,box_x,box_y,box_w,box_h,truth,source_index,model,label");
        for (String l : labels) {
            b.append(",p_").append(l);
        }
        if (blendshapes) {
            for (String n : Blendshapes.NAMES) {
                b.append(',').append(n);
            }
        }
        return b.toString();
    }

    private String csv(FrameResult r, FaceResult fr, Prediction p) {
        Face face = fr == null ? null : fr.face();
        StringBuilder b = new StringBuilder();
        b.append(csvText(r.pipeline())).append(',').append(csvText(r.frame().sourceId())).append(',')
                .append(r.frame().index()).append(',').append(r.frame().timestampMicros()).append(',');
        if (face == null) {
            b.append(",,,,,,,");
        } else {
            b.append(face.trackId()).append(',');
            Box box = face.box();
            if (box == null) {
                b.append(",,,,");
            } else {
                b.append(num(box.x())).append(',').append(num(box.y())).append(',').append(num(box.width()))
                        .append(',').append(num(box.height())).append(',');
            }
            b.append(face.attributes().getOrDefault(Face.TRUTH, "")).append(',')
                    .append(face.attributes().getOrDefault(Face.SOURCE_INDEX, "")).append(',');
        }
        b.append(p == null ? "" : csvText(p.modelId())).append(',').append(p == null ? "" : p.label());
        for (String l : labels) {
            b.append(',');
            if (p != null) {
                b.append(num(p.probability(l)));
            }
        }
        appendBlendshapes(b, face, false);
        return b.toString();
    }

    private String json(FrameResult r, FaceResult fr, Prediction p) {
        Face face = fr == null ? null : fr.face();
        StringBuilder b = new StringBuilder("{\"pipeline\":").append(jsonText(r.pipeline()))
                .append(",\"source\":").append(jsonText(r.frame().sourceId()))
                .append(",\"frame\":").append(r.frame().index())
                .append(",\"timestamp_us\":").append(r.frame().timestampMicros());
        if (face != null) {
            b.append(",\"face\":").append(face.trackId());
            Box box = face.box();
            if (box != null) {
                b.append(",\"box\":[").append(num(box.x())).append(',').append(num(box.y())).append(',')
                        .append(num(box.width())).append(',').append(num(box.height())).append(']');
            }
            face.attributes().forEach((k, v) -> b.append(',').append(jsonText(k)).append(':').append(jsonText(v)));
        }
        if (p != null) {
            b.append(",\"model\":").append(jsonText(p.modelId())).append(",\"label\":").append(jsonText(p.label()))
                    .append(",\"probabilities\":{");
            for (int i = 0; i < p.labels().size(); i++) {
                b.append(i == 0 ? "" : ",").append(jsonText(p.labels().get(i))).append(':')
                        .append(num(p.probabilities()[i]));
            }
            b.append('}');
        }
        appendBlendshapes(b, face, true);
        return b.append('}').toString();
    }

    private void appendBlendshapes(StringBuilder b, Face face, boolean json) {
        if (!blendshapes) {
            return;
        }
        float[] scores = face == null ? null : face.blendshapes();
        if (json) {
            if (scores != null) {
                b.append(",\"blendshapes\":[");
                for (int i = 0; i < scores.length; i++) {
                    b.append(i == 0 ? "" : ",").append(num(scores[i]));
                }
                b.append(']');
            }
            return;
        }
        for (int i = 0; i < Blendshapes.COUNT; i++) {
            b.append(',');
            if (scores != null) {
                b.append(num(scores[i]));
            }
        }
    }

    private static String num(float v) {
        return Float.toString(v);
    }

    private static String csvText(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String jsonText(String s) {
        return Json.string(new StringBuilder(), s).toString();
    }

    @Override
    public synchronized void flush() {
        if (closed) {
            return;
        }
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write predictions to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Lines written so far (one per face, plus empty frames when asked). */
    synchronized long lines() {
        return lines;
    }

    @Deactivate
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + path, e);
        }
    }

    /** The file, relative to the working folder when under it: summaries and reports name no machine's folders. */
    @Override
    public String toString() {
        return (jsonl ? "jsonl:" : "csv:") + shown(path);
    }

    static String shown(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}

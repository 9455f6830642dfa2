package org.emotionlens.sink.csv.internal;

import org.emotionlens.api.Emotions;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionSink;
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
import java.util.Set;

/**
 * Prediction file sink. Several pipelines may share it (the {@code pipeline} column tells them apart). The file is
 * written under a lock and flushed on {@link #flush()} and on deactivation, so nothing produced is lost on
 * shutdown or when the sink bundle is swapped. The probability columns follow the labels of the first prediction.
 * What each line holds beyond the frame and the label is chosen by the {@code fields} setting ({@link Field});
 * {@link CsvRecords} and {@link JsonRecords} write the two formats.
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
    private final Records records;
    private final boolean emptyFrames;
    private BufferedWriter out;
    private List<String> labels;
    private long lines;
    private boolean closed;

    @Activate
    public FilePredictionSink(FileSinkConfig config) {
        this(Path.of(config.path()), config.format(), Field.parse(config.fields(), config.blendshapes()),
                config.empty_frames());
    }

    FilePredictionSink(Path path, String format, Set<Field> fields, boolean emptyFrames) {
        String f = format == null || format.isBlank()
                ? (path.toString().endsWith(".jsonl") || path.toString().endsWith(".json") ? "jsonl" : "csv")
                : format.toLowerCase(Locale.ROOT);
        if (!f.equals("csv") && !f.equals("jsonl")) {
            throw new IllegalArgumentException("sink format must be csv or jsonl, got '" + format + "'");
        }
        this.path = path;
        this.jsonl = f.equals("jsonl");
        this.records = jsonl ? new JsonRecords(fields) : new CsvRecords(fields);
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
            labels = p != null ? p.labels() : Emotions.LABELS;
            String header = records.header(labels);
            if (header != null) {
                out().write(header);
                out().newLine();
            }
        }
        out().write(records.line(r, fr, labels));
        out().newLine();
        lines++;
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

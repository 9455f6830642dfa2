package org.emotionlens.filter.smoothing.internal;

import org.emotionlens.api.Prediction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the file sink's CSV (pipeline,source,frame,timestamp_us,face,...,model,label,p_*) into one prediction
 * sequence per track (pipeline, source, face), in file order.
 */
final class PredictionCsv {
    record Step(long frame, long timestampMicros, Prediction prediction) {
    }

    record Track(String pipeline, String source, int face, List<Step> steps) {
        String key() {
            return pipeline + "/" + source + "/face " + face;
        }
    }

    private PredictionCsv() {
    }

    static List<Track> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(csv + " is empty; expected the file sink's CSV with a header");
        }
        List<String> header = Arrays.asList(split(lines.get(0)));
        int pipeline = column(csv, header, "pipeline");
        int source = column(csv, header, "source");
        int frame = column(csv, header, "frame");
        int ts = column(csv, header, "timestamp_us");
        int face = column(csv, header, "face");
        int model = column(csv, header, "model");
        List<Integer> probs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).startsWith("p_")) {
                probs.add(i);
                labels.add(header.get(i).substring(2));
            }
        }
        if (probs.isEmpty()) {
            throw new IOException(csv + ": no p_<label> columns in the header " + header);
        }
        Map<String, Track> tracks = new LinkedHashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            String[] c = split(lines.get(n));
            if (c.length < header.size() || c[face].isEmpty() || c[probs.get(0)].isEmpty()) {
                continue; // a frame without a face or without a prediction
            }
            float[] p = new float[probs.size()];
            for (int k = 0; k < p.length; k++) {
                p[k] = Float.parseFloat(c[probs.get(k)]);
            }
            int faceId = Integer.parseInt(c[face]);
            String key = c[pipeline] + "\u0000" + c[source] + "\u0000" + faceId;
            tracks.computeIfAbsent(key, k -> new Track(c[pipeline], c[source], faceId, new ArrayList<>())).steps()
                    .add(new Step(Long.parseLong(c[frame]), Long.parseLong(c[ts]), new Prediction(c[model], labels, p)));
        }
        return List.copyOf(tracks.values());
    }

    private static int column(Path csv, List<String> header, String name) throws IOException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IOException(csv + ": column '" + name + "' missing from the header " + header);
        }
        return i;
    }

    /** CSV fields with optional double quotes ("" inside quotes is a quote). */
    static String[] split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    b.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(ch);
            }
        }
        out.add(b.toString());
        return out.toArray(String[]::new);
    }
}

package org.emotionlens.sink.web.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Box;
import org.emotionlens.api.Emotions;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Image;
import org.emotionlens.api.image.ImageConversion;
import org.emotionlens.api.Prediction;

import java.io.IOException;
import java.io.Reader;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real frame results for the tests: 20 consecutive frames (60-79) of the facemesh demo video with two people, the
 * faces and 52 blendshapes Google's MediaPipe found on them (the landmarker's committed VIDEO-mode golden file),
 * and the paper's LSTM (models/lstm-paper.onnx, run with ONNX Runtime) predicting each face's emotion. Shared
 * with the other sinks' tests through this module's test jar.
 */
public final class RealFrames {
    public static final Path PROJECT = Path.of(System.getProperty("emotionlens.project", "../.."));
    public static final Path PARITY = PROJECT.resolve("bundles/emotion.landmarker/src/test/resources/parity");
    public static final Path MODEL = PROJECT.resolve("models/lstm-paper.onnx");
    public static final String SOURCE = "facemesh-demo.gif";

    private RealFrames() {
    }

    public static List<FrameResult> load(String pipeline) throws IOException, OrtException {
        JsonObject golden;
        try (Reader r = Files.newBufferedReader(PARITY.resolve("video-mode.json"));
             JsonReader reader = Json.createReader(r)) {
            golden = reader.readObject();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<FrameResult> out = new ArrayList<>();
        try (OrtSession session = env.createSession(MODEL.toString(), new OrtSession.SessionOptions())) {
            for (JsonValue v : golden.getJsonArray("items")) {
                JsonObject item = v.asJsonObject();
                String file = item.getString("image");
                int index = Integer.parseInt(file.replaceAll("\\D", ""));
                Image image = decode(PARITY.resolve(file));
                List<Face> faces = new ArrayList<>();
                List<FeatureVector> vectors = new ArrayList<>();
                JsonArray jsonFaces = item.getJsonArray("faces");
                for (int i = 0; i < jsonFaces.size(); i++) {
                    JsonObject f = jsonFaces.getJsonObject(i);
                    float[] landmarks = flatten(f.getJsonArray("landmarks"));
                    float[] blendshapes = floats(f.getJsonArray("blendshapes"));
                    // MediaPipe reports no presence score per face in this file: NaN rather than an invented one.
                    faces.add(new Face(i, bounds(landmarks), Float.NaN, landmarks, blendshapes, Map.of()));
                    vectors.add(new FeatureVector("blendshapes", Blendshapes.NAMES, blendshapes));
                }
                long t0 = System.nanoTime();
                List<Prediction> predictions = classify(env, session, vectors);
                long classifyNanos = System.nanoTime() - t0;
                List<FaceResult> results = new ArrayList<>();
                for (int i = 0; i < faces.size(); i++) {
                    results.add(new FaceResult(faces.get(i), vectors.get(i), predictions.get(i)));
                }
                out.add(new FrameResult(pipeline, new Frame(SOURCE, index, item.getJsonNumber("timestampMs")
                        .longValue() * 1000, image, null), results, Map.of("classifier", classifyNanos)));
            }
        }
        return out;
    }

    private static List<Prediction> classify(OrtEnvironment env, OrtSession session, List<FeatureVector> vectors)
            throws OrtException {
        if (vectors.isEmpty()) {
            return List.of();
        }
        FloatBuffer in = FloatBuffer.allocate(vectors.size() * Blendshapes.COUNT);
        vectors.forEach(v -> in.put(v.values()));
        in.flip();
        try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {vectors.size(), Blendshapes.COUNT, 1});
             OrtSession.Result r = session.run(Map.of("features", t))) {
            float[][] p = (float[][]) r.get(0).getValue();
            List<Prediction> out = new ArrayList<>();
            for (float[] row : p) {
                out.add(new Prediction("lstm-paper", Emotions.LABELS, row));
            }
            return out;
        }
    }

    public static Image decode(Path file) throws IOException {
        return ImageConversion.read(file);
    }

    private static Box bounds(float[] landmarks) {
        float minX = Float.MAX_VALUE, minY = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (int i = 0; i < landmarks.length; i += 3) {
            minX = Math.min(minX, landmarks[i]);
            maxX = Math.max(maxX, landmarks[i]);
            minY = Math.min(minY, landmarks[i + 1]);
            maxY = Math.max(maxY, landmarks[i + 1]);
        }
        return new Box(minX, minY, maxX - minX, maxY - minY);
    }

    private static float[] flatten(JsonArray points) {
        float[] out = new float[points.size() * 3];
        for (int i = 0; i < points.size(); i++) {
            JsonArray p = points.getJsonArray(i);
            for (int k = 0; k < 3; k++) {
                out[i * 3 + k] = (float) p.getJsonNumber(k).doubleValue();
            }
        }
        return out;
    }

    private static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < a.size(); i++) {
            out[i] = (float) a.getJsonNumber(i).doubleValue();
        }
        return out;
    }
}

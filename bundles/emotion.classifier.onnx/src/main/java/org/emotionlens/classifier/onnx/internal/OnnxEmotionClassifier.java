package org.emotionlens.classifier.onnx.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.ModelInfo;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.models.metadata.ModelMetadata;
import org.emotionlens.models.metadata.ModelMetadataCodec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;

/**
 * One ONNX classifier model served with ONNX Runtime, or for LSTM stacks on request by {@link JavaLstmEngine} (the
 * session then checks it when the classifier starts). Immediate, so that the session is built once and not on every
 * rebind of a consumer. A read/write lock lets in-flight calls finish before the session is closed on deactivation
 * (hot swap); calls after that get {@link StageClosedException} and are retried by the pipeline on the replacement.
 */
@Component(service = EmotionClassifier.class, configurationPid = OnnxEmotionClassifier.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = ClassifierConfig.class, factory = true)
public class OnnxEmotionClassifier implements EmotionClassifier {
    static final String PID = "emotion.classifier.onnx";
    private static final Logger LOG = Logger.getLogger(PID);

    private final Path metadataFile;
    private final ModelMetadata meta;
    private final Path onnxFile;
    private final ModelInfo info;
    private final FeatureMapping mapping;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String provider;
    /** The Java float engine when configured (engine=java), else null: ONNX Runtime runs the model. */
    private final JavaLstmEngine javaEngine;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    @Activate
    public OnnxEmotionClassifier(ClassifierConfig config) {
        this(resolveMetadata(config), config.execution_provider(), config.threads(), config.engine());
    }

    OnnxEmotionClassifier(Path metadataFile, String executionProvider, int threads) {
        this(metadataFile, executionProvider, threads, "onnxruntime");
    }

    /** Outside a framework (tests, benches): the model's metadata file and the settings of {@link ClassifierConfig}. */
    public OnnxEmotionClassifier(Path metadataFile, String executionProvider, int threads, String engine) {
        this.metadataFile = metadataFile;
        meta = readMetadata(metadataFile);
        onnxFile = meta.onnxFile(metadataFile);
        verifyChecksum(meta, metadataFile, onnxFile);
        env = OrtEnvironment.getEnvironment();
        SessionChoice choice = openSession(meta, onnxFile, env, executionProvider, threads);
        session = choice.session;
        provider = choice.provider;
        try {
            checkSignature();
            javaEngine = javaEngine(engine);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        info = new ModelInfo(meta.id(), meta.featureKind(), meta.features(), meta.labels(),
                meta.architecture() + " [" + (javaEngine == null ? "ONNX Runtime " + provider : "Java float engine")
                        + ", " + onnxFile.getFileName() + "]");
        mapping = new FeatureMapping(meta.id(), meta.featureKind(), meta.features());
        LOG.info(() -> "classifier " + meta.id() + " ready on " + provider + ": " + meta.features().size() + " "
                + meta.featureKind() + " features -> " + meta.labels());
    }

    /**
     * The Java engine for engine=java, checked against this classifier's ONNX Runtime session on probe rows; for
     * engine=auto the same where the model is an LSTM stack on the CPU, else (and for engine=onnxruntime) null.
     */
    private JavaLstmEngine javaEngine(String engine) {
        String wanted = engine == null ? "onnxruntime" : engine.toLowerCase();
        if (!List.of("onnxruntime", "java", "auto").contains(wanted)) {
            throw new IllegalArgumentException("engine must be onnxruntime, java or auto, got '" + engine + "'");
        }
        if (wanted.equals("onnxruntime") || (wanted.equals("auto") && !provider.equals("CPU"))) {
            return null;
        }
        try {
            return checkedJavaEngine();
        } catch (IllegalArgumentException e) {
            if (wanted.equals("java")) {
                throw e;
            }
            LOG.info(() -> "classifier " + meta.id() + " stays on ONNX Runtime: " + e.getMessage());
            return null;
        }
    }

    private JavaLstmEngine checkedJavaEngine() {
        if (!meta.sequence()) {
            throw new IllegalArgumentException("engine 'java' runs LSTM-stack classifiers (sequence input); model "
                    + meta.id() + " takes a flat vector: use engine 'onnxruntime'");
        }
        JavaLstmEngine java = new JavaLstmEngine(LstmStackGraph.read(onnxFile, meta.features().size()));
        int f = meta.features().size();
        float[] probe = EngineCheck.probeRows(f);
        int rows = probe.length / f;
        double worst = EngineCheck.maxAbsDifference(runOrt(probe, rows), java.run(probe, rows));
        if (!(worst <= EngineCheck.TOLERANCE)) {
            throw new IllegalArgumentException("engine 'java' differs from ONNX Runtime by " + worst + " on model "
                    + meta.id() + " (allowed " + EngineCheck.TOLERANCE + "); use engine 'onnxruntime'");
        }
        return java;
    }

    static Path resolveMetadata(ClassifierConfig config) {
        if (!config.model_file().isBlank()) {
            return Path.of(config.model_file());
        }
        if (config.emotion_model().isBlank()) {
            throw new IllegalArgumentException("classifier configuration needs 'emotion.model' (a model id such as"
                    + " lstm-paper) or 'model.file' (a path to a .model.json)");
        }
        return Path.of(config.models_dir()).resolve(config.emotion_model() + ".model.json");
    }

    private record SessionChoice(OrtSession session, String provider) {
    }

    private static SessionChoice openSession(ModelMetadata meta, Path onnxFile, OrtEnvironment env, String executionProvider,
            int threads) {
        String wanted = executionProvider == null ? "cpu" : executionProvider.toLowerCase();
        if (!List.of("cpu", "cuda", "auto").contains(wanted)) {
            throw new IllegalArgumentException("execution.provider must be cpu, cuda or auto, got '"
                    + executionProvider + "'");
        }
        if (!wanted.equals("cpu")) {
            try (OrtSession.SessionOptions options = options(threads)) {
                options.addCUDA(0);
                return new SessionChoice(env.createSession(onnxFile.toString(), options), "CUDA");
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                // The CPU-only ORT build has no CUDA provider; a machine without a GPU fails here too.
                LOG.warning("classifier " + meta.id() + ": CUDA execution provider not available ("
                        + firstLine(e.getMessage()) + "); falling back to CPU");
            }
        }
        try (OrtSession.SessionOptions options = options(threads)) {
            return new SessionChoice(env.createSession(onnxFile.toString(), options), "CPU");
        } catch (OrtException e) {
            throw new IllegalArgumentException("model " + onnxFile + " cannot be loaded by ONNX Runtime: "
                    + firstLine(e.getMessage()));
        }
    }

    private static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Math.max(1, threads));
        options.setInterOpNumThreads(1);
        return options;
    }

    /** The metadata file (emotionlens.model/1), or an error that says which settings name it. */
    static ModelMetadata readMetadata(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("model metadata " + file + " does not exist; check the classifier's"
                    + " 'models.dir' and 'emotion.model' settings (models/README.md lists the models)");
        }
        return ModelMetadataCodec.read(file);
    }

    private static void verifyChecksum(ModelMetadata meta, Path metadataFile, Path onnxFile) {
        if (!Files.isRegularFile(onnxFile)) {
            throw new IllegalArgumentException("model file " + onnxFile + " (named by " + metadataFile
                    + ") does not exist");
        }
        if (meta.onnxSha256() == null) {
            return;
        }
        String actual = sha256(onnxFile);
        if (!actual.equalsIgnoreCase(meta.onnxSha256())) {
            throw new IllegalArgumentException("model file " + onnxFile + " has sha256 " + actual + " but "
                    + metadataFile.getFileName() + " expects " + meta.onnxSha256()
                    + "; the file is corrupt or belongs to another model: export it again or restore it");
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0;) {
                digest.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Refuses a model whose ONNX signature does not match its metadata. */
    private void checkSignature() {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            NodeInfo in = inputs.get(meta.inputName());
            NodeInfo out = outputs.get(meta.outputName());
            if (in == null || out == null) {
                throw new IllegalArgumentException("model " + onnxFile + " has inputs " + inputs.keySet()
                        + " and outputs " + outputs.keySet() + ", but " + metadataFile.getFileName() + " names input '"
                        + meta.inputName() + "' and output '" + meta.outputName() + "'");
            }
            long[] inShape = ((TensorInfo) in.getInfo()).getShape();
            long[] expected = meta.sequence() ? new long[] {-1, meta.features().size(), 1}
                    : new long[] {-1, meta.features().size()};
            if (!shapeMatches(inShape, expected)) {
                throw new IllegalArgumentException("model " + onnxFile + " takes input shape "
                        + java.util.Arrays.toString(inShape) + " but its metadata describes "
                        + meta.features().size() + " " + meta.featureKind() + " features as a "
                        + (meta.sequence() ? "sequence [N, " + meta.features().size() + ", 1]"
                                : "vector [N, " + meta.features().size() + "]"));
            }
            long[] outShape = ((TensorInfo) out.getInfo()).getShape();
            if (outShape.length != 2 || (outShape[1] >= 0 && outShape[1] != meta.labels().size())) {
                throw new IllegalArgumentException("model " + onnxFile + " gives output shape "
                        + java.util.Arrays.toString(outShape) + " but its metadata lists " + meta.labels().size()
                        + " labels " + meta.labels());
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("cannot inspect model " + onnxFile + ": " + e.getMessage());
        }
    }

    private static boolean shapeMatches(long[] actual, long[] expected) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 1; i < actual.length; i++) {
            if (actual[i] >= 0 && actual[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ModelInfo model() {
        return info;
    }

    /** Which execution provider runs the model: CPU or CUDA (Java for the Java engine). */
    String provider() {
        return javaEngine == null ? provider : "Java";
    }

    @Override
    public List<Prediction> classify(List<FeatureVector> vectors) {
        if (vectors.isEmpty()) {
            return List.of();
        }
        int n = vectors.size();
        int f = meta.features().size();
        float[] input = new float[n * f];
        for (int i = 0; i < n; i++) {
            mapping.copy(vectors.get(i), input, i * f);
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new StageClosedException("classifier " + meta.id() + " was shut down");
            }
            float[][] probs = javaEngine != null ? javaEngine.run(input, n) : runOrt(input, n);
            List<Prediction> out = new ArrayList<>(n);
            for (float[] p : probs) {
                out.add(new Prediction(meta.id(), meta.labels(), p));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Probabilities of n rows through the ONNX Runtime session. */
    private float[][] runOrt(float[] input, int n) {
        int f = meta.features().size();
        long[] shape = meta.sequence() ? new long[] {n, f, 1} : new long[] {n, f};
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(meta.inputName(), tensor))) {
            return (float[][]) result.get(0).getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("model " + meta.id() + " failed: " + e.getMessage(), e);
        }
    }

    @Deactivate
    public void deactivate() {
        lock.writeLock().lock();
        try {
            closed = true;
            closeQuietly();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void closeQuietly() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warning("closing the session of " + meta.id() + ": " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public String toString() {
        return "onnx:" + meta.id() + "@" + provider();
    }
}

package org.emotionlens.classifier.onnx.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "EmotionLens ONNX classifier",
        description = "One emotion classifier model (ONNX + emotionlens.model/1 metadata) served by ONNX Runtime.")
public @interface ClassifierConfig {
    @AttributeDefinition(description = "Model id; the service carries it as 'emotion.model' so pipelines can pick"
            + " it with classifier.target=(emotion.model=<id>). Reads <models.dir>/<id>.model.json.")
    String emotion_model() default "";

    @AttributeDefinition(description = "Folder holding <id>.model.json and the ONNX file it names.")
    String models_dir() default "models";

    @AttributeDefinition(description = "Explicit path to a .model.json; overrides models.dir and emotion.model.")
    String model_file() default "";

    @AttributeDefinition(description = "cpu, cuda (falls back to CPU with a warning when CUDA is absent) or auto.")
    String execution_provider() default "cpu";

    @AttributeDefinition(description = "ONNX Runtime intra-op threads (its inter-op threads stay 1). One call is one"
            + " frame's faces, tiny for ONNX Runtime: more threads cost more than they save at one face (docs/speed).")
    int threads() default 1;

    @AttributeDefinition(description = "What runs the model: 'onnxruntime'; 'java', a float engine in this bundle for"
            + " LSTM-stack models exported as a wavefront (lstm-paper, lstm-paper-selected), faster at one face"
            + " (docs/speed/classifier.md), CPU only; or 'auto', java where it applies (such a model, execution.provider"
            + " cpu), else onnxruntime. The java engine reads the weights from the same ONNX file and is checked against"
            + " ONNX Runtime when the classifier starts (probabilities within 1e-5, or engine java does not start and"
            + " auto stays on ONNX Runtime).", options = {
                @Option(label = "ONNX Runtime", value = "onnxruntime"),
                @Option(label = "Java float engine (LSTM stacks)", value = "java"),
                @Option(label = "Java where it applies, else ONNX Runtime", value = "auto")})
    String engine() default "onnxruntime";
}

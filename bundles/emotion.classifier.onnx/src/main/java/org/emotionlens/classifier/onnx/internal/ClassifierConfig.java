package org.emotionlens.classifier.onnx.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

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

    @AttributeDefinition(description = "ONNX Runtime intra-op threads.")
    int threads() default 1;
}

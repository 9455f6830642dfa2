package org.emotionlens.dataset.internal;

import java.io.PrintStream;

import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.command.Command;
import org.emotionlens.models.ModelFile;
import org.emotionlens.models.ModelLocator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code emotionlens dataset} as a container service: binds the detector, landmarker and the two feature
 * extractors by target filter (configuration {@code <name>.target}, defaults below) and builds data sets as
 * pipeline runs on them ({@link org.emotionlens.pipeline.FixedPipeline}: a data-set source, these stages, a data-set
 * sink). The launcher applies {@code --models} to the container's models configuration before the stages start.
 */
@Component(configurationPid = DatasetCommandComponent.PID, service = Command.class,
        property = Command.NAME + "=dataset")
@Designate(ocd = DatasetCommandComponent.Config.class)
public final class DatasetCommandComponent implements Command {
    public static final String PID = "emotion.command.dataset";
    static final String DETECTOR = "(emotion.detector.type=blazeface)";
    static final String LANDMARKER = "(emotion.landmarker.type=mediapipe)";
    /** The blendshape model's scores, not the replay of scores that came with a frame. */
    static final String BLENDSHAPES = "(&(emotion.features.kind=blendshapes)(!(emotion.features.provider=replay)))";
    static final String LANDMARKS = "(emotion.features.kind=landmarks)";

    @ObjectClassDefinition(name = "EmotionLens dataset command")
    public @interface Config {
        @AttributeDefinition(description = "FaceDetector service the build detects faces with")
        String detector_target() default DETECTOR;

        @AttributeDefinition(description = "FaceLandmarker service (IMAGE mode, one face) the build takes landmarks from")
        String landmarker_target() default LANDMARKER;

        @AttributeDefinition(description = "FeatureExtractor service giving the 52 blendshape scores (<split>.csv)")
        String blendshapes_target() default BLENDSHAPES;

        @AttributeDefinition(description = "FeatureExtractor service giving the landmark features (--landmarks)")
        String landmarks_target() default LANDMARKS;
    }

    private final Stages stages;

    @Activate
    public DatasetCommandComponent(@Reference(name = "detector", target = DETECTOR) FaceDetector detector,
            @Reference(name = "landmarker", target = LANDMARKER) FaceLandmarker landmarker,
            @Reference(name = "blendshapes", target = BLENDSHAPES) FeatureExtractor blendshapes,
            @Reference(name = "landmarks", target = LANDMARKS) FeatureExtractor landmarks) {
        this.stages = new Stages(detector, landmarker, blendshapes, landmarks);
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        return DatasetCommand.run(args, out, err, modelsDir -> {
            if (modelsDir != null) {
                // the stages search the container's models folders, --models first; a --models folder without
                // the model fails as it always did (ModelException naming the folder and how to get the file)
                ModelLocator.of(modelsDir).require(ModelFile.FACE_LANDMARKER);
            }
            return stages;
        });
    }
}

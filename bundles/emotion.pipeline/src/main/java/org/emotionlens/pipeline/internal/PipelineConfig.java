package org.emotionlens.pipeline.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One pipeline (variant). The stage providers are chosen by the reference targets {@code source.target},
 * {@code detector.target}, {@code landmarker.target}, {@code features.target}, {@code classifier.target},
 * {@code filter.target} and {@code sinks.target} (LDAP filters on the stages' service properties).
 */
@ObjectClassDefinition(name = "EmotionLens pipeline",
        description = "Frame loop from a source through detector, landmarker, features and (unless classify=false)"
                + " classifier to sinks.")
public @interface PipelineConfig {
    @AttributeDefinition(description = "Pipeline id, shown in results and summaries.")
    String id();

    @AttributeDefinition(description = "Most faces per frame.")
    int max_faces() default 1;

    @AttributeDefinition(description = "Treat frames as a video (tracking and smoothing) rather than unrelated images.")
    boolean video() default true;

    @AttributeDefinition(description = "Run a landmarker on detections; false classifies detector boxes directly"
            + " (for extractors that read the face crop).")
    boolean landmarks() default true;

    @AttributeDefinition(description = "A detection whose landmarks the landmarker rejects (MediaPipe: face presence"
            + " <= its threshold): drop (no face, as MediaPipe) or box (still a face, with the detector's box and"
            + " score and no landmarks, as landmarks=false gives it; not tracked). With box, extractors that read the"
            + " face crop can still describe such a face (emotion.features.concat with partial, an ensemble whose"
            + " crop member classifies it).", options = {@Option(value = "drop"), @Option(value = "box")})
    String rejected_faces() default "drop";

    @AttributeDefinition(description = "Call the classifier bound by classifier.target; false: faces and features"
            + " only, with no prediction (e.g. a data-set build, whose sink writes the features).")
    boolean classify() default true;

    @AttributeDefinition(description = "Apply the prediction filter bound by filter.target (smoothing).")
    boolean filter() default false;

    @AttributeDefinition(description = "Seconds to wait for an unbound stage (e.g. during a swap) before failing.")
    int stage_wait_seconds() default 30;

    @AttributeDefinition(description = "Replay the source this many times (soak tests); 1 for normal runs.")
    int loops() default 1;

    @AttributeDefinition(description = "Stop after this many frames (0: until the end of input).")
    long max_frames() default 0;

    @AttributeDefinition(description = "Offer this pipeline's analysed frames (faces with landmarks and blendshapes)"
            + " as a source named emotion.source.published=<value>, so variants sharing the detector and"
            + " landmarker need not run them again. Empty: not offered.")
    String publish() default "";

    @AttributeDefinition(description = "An LDAP filter: the pipeline processes no frame until a service matching it"
            + " is registered (the launcher's start gate, opened once every stage and sink of the profile is there)."
            + " Empty: start at once.")
    String start_gate() default "";

    @AttributeDefinition(description = "Frame results held for the sinks, which run on a thread of their own while"
            + " the next frames are analysed. When it is full a file input waits (no frame is lost) and a live source"
            + " gives up the oldest result (counted as dropped).")
    int sink_queue() default 8;

    @AttributeDefinition(description = "Frames a file input decodes ahead on a thread of its own while the loop"
            + " analyses the current one (0: decode on the loop's thread). Live sources keep only their latest frame.")
    int source_ahead() default 2;

    String source_target() default "(emotion.source.type=*)";

    String classifier_target() default "(emotion.model=*)";
}

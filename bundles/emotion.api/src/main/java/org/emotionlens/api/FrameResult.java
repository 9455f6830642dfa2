package org.emotionlens.api;

import java.util.List;
import java.util.Map;

/**
 * Everything a pipeline produced for one frame.
 *
 * @param pipeline        id of the pipeline (variant) that produced it
 * @param frame           the input frame
 * @param faces           one result per face, in face order
 * @param stageNanos      time spent per stage on this frame (stage name -> nanoseconds)
 */
public record FrameResult(String pipeline, Frame frame, List<FaceResult> faces, Map<String, Long> stageNanos) {
    public FrameResult {
        faces = List.copyOf(faces);
        stageNanos = Map.copyOf(stageNanos);
    }
}

package org.emotionlens.pipeline;

import java.util.List;

import org.emotionlens.api.FaceResult;
import org.emotionlens.api.Frame;
import org.emotionlens.api.StageClosedException;

/**
 * Frames through the pipeline's face and feature stages, one at a time: the frame's own faces, or those the
 * landmarker's tracker finds with the detector (the detector's boxes when there is no landmarker), each with the
 * features of the extractor. Holds the tracker, which keeps state from frame to frame in VIDEO mode. Not
 * thread-safe: one analyzer per thread.
 */
public interface FrameAnalyzer extends AutoCloseable {
    /**
     * The faces of the frame in the stages' order, each with its feature vector (null where the extractor gave
     * none) and no prediction.
     *
     * @throws StageClosedException when a stage was shut down during the call
     */
    List<FaceResult> analyse(Frame frame);

    /** Closes the tracker. */
    @Override
    void close();
}

/**
 * The EmotionLens pipeline API: the records that flow between stages and one service interface per stage.
 *
 * <p>Data flow: {@link org.emotionlens.api.FrameSource} -> {@link org.emotionlens.api.FaceDetector} ->
 * {@link org.emotionlens.api.FaceLandmarker} -> {@link org.emotionlens.api.FeatureExtractor} ->
 * {@link org.emotionlens.api.EmotionClassifier} -> [{@link org.emotionlens.api.PredictionFilter}] ->
 * {@link org.emotionlens.api.PredictionSink}. Every stage is a service; a pipeline binds one provider per stage
 * by a target filter from its configuration, so variants differ by configuration only.
 */
@Export
@Version("1.4.0")
package org.emotionlens.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

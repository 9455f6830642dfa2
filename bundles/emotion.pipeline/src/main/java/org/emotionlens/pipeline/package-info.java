/**
 * The pipeline's frame path for code that analyses frames one at a time rather than running a pipeline: a
 * {@link org.emotionlens.pipeline.FrameAnalyzer} runs a frame through the same face and feature stages a
 * pipeline's frame loop runs (detector, the landmarker's tracker, the feature extractor), with no classifier.
 * The data-set build analyses its images through it, so there is one copy of the frame path.
 */
@Export
@Version("1.0.0")
package org.emotionlens.pipeline;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * Pipelines for code that owns its stage services rather than configuring a pipeline component: a
 * {@link org.emotionlens.pipeline.FixedPipeline} runs a source through the same frame loop a configured pipeline
 * runs (detector, the landmarker's tracker, the feature extractor, optionally the classifier, the sinks). The
 * data-set build is such a run, so there is one copy of the frame path.
 */
@Export
@Version("2.0.0")
package org.emotionlens.pipeline;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

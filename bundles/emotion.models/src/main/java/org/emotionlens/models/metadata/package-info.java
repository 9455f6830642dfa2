/**
 * The {@code emotionlens.model/1} metadata file beside every exported classifier ({@code <id>.model.json}): one
 * record and one jakarta.json codec shared by whoever writes it (training, conversion) and whoever reads it (the
 * ONNX classifier, evaluation). Needs a jakarta.json provider (Parsson) at run time.
 */
@Export
@Version("1.0.0")
package org.emotionlens.models.metadata;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

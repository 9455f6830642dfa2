/** A small, checked wrapper around the bytedeco TFLite C API: load a model from bytes, run float tensors. */
@Export
@Version("1.0.0")
package org.emotionlens.lib.tflite;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

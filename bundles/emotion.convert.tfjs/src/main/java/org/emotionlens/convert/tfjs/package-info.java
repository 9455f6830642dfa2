/** Command {@code convert-tfjs}: TF.js graph-model image classifiers to EmotionLens ONNX classifiers. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.emotionlens.convert.tfjs;

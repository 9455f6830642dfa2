/**
 * The ONNX writer of the training bundle, for other bundles that export models (e.g. the TF.js converter): a thin
 * public view of the hand-written protobuf encoder the exporter uses, so that there is one encoder.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.emotionlens.train.onnx;

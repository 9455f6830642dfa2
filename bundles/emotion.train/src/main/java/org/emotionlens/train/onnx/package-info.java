/**
 * The ONNX writer and reader of the training bundle, for other bundles that export or run models (the TF.js converter,
 * the classifier's Java engine): thin
 * public views of the hand-written protobuf encoder and reader the exporter uses, so that there is one of each; and
 * the float loops both Java engines share.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.emotionlens.train.onnx;

/**
 * ONNX models written and read without a dependency (a hand-written protobuf encoder and reader for the fields the
 * exporter uses), for the bundles that export, convert or run models (training, the TF.js converter, the
 * classifier's Java engine); and the float loops both Java engines share.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.emotionlens.onnx;

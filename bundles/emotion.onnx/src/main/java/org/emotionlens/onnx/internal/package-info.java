/** The protobuf wire format, written and read by hand (no dependency) for the ONNX writer and reader. */
package org.emotionlens.onnx.internal;

/**
 * The open event streams of the live sinks, served as asynchronous servlet responses (HTTP Whiteboard): an exported
 * library so that the web page and the prediction events share one implementation without importing each other's
 * internals.
 */
@Export
@Version("1.0.0")
package org.emotionlens.sink.stream;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

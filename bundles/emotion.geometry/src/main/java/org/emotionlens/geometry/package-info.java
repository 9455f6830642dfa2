/**
 * MediaPipe's region-of-interest geometry (rotated rectangles, pixel ROIs), the affine warp of image crops, and the
 * SSD anchors and box decoding of its face detectors: a small exported library, so that the detectors and the
 * landmarker use one copy without importing each other's internals.
 */
@Export
@Version("1.0.0")
package org.emotionlens.geometry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

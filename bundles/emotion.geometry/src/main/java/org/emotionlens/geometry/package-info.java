/**
 * MediaPipe's region-of-interest geometry (rotated rectangles, pixel ROIs) and the affine warp of image crops that
 * its detector and landmark graphs share: a small exported library, so that the detector and the landmarker use
 * one copy without importing each other's internals.
 */
@Export
@Version("1.0.0")
package org.emotionlens.geometry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

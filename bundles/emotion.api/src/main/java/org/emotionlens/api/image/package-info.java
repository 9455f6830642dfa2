/**
 * Decoded pictures to the API's {@link org.emotionlens.api.Image} and back, the one place every reader (image
 * files, GIF frames, zip entries, video frames, the data-set build) converts pixels, so that every stage sees
 * the sample values stored in the file.
 */
@Export
@Version("1.0.0")
package org.emotionlens.api.image;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * Where third-party model files come from: a models directory, sha256-checked files and the entries of
 * MediaPipe {@code .task} bundles. Nothing here downloads at run time.
 */
@Export
@Version("1.1.0")
package org.emotionlens.models;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

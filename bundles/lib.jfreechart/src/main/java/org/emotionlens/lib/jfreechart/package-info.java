/**
 * The project's one way to draw charts: JFreeChart (exported by this bundle) with a shared look, a heat map with
 * cell text, images side by side and an atomic PNG writer. Headless: nothing here opens a window.
 */
@Export
@Version("1.0.0")
package org.emotionlens.lib.jfreechart;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

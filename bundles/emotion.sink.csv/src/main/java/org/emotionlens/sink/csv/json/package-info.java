/** The small JSON writer the file, web and events sinks share (one line per prediction). */
@Export
@Version("1.0.0")
package org.emotionlens.sink.csv.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** The JDK HTTP endpoint (port binding, clear errors) the web page and the events sink share. */
@Export
@Version("1.0.0")
package org.emotionlens.sink.csv.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** Commands of the command line that run inside the container as services binding the stage services. */
@Export
@Version("1.0.0")
package org.emotionlens.api.command;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** Commands {@code train} and {@code evaluate} of the classifier training bundle. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.emotionlens.train;

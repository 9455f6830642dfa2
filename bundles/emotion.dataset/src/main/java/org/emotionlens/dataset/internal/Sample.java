package org.emotionlens.dataset.internal;

import java.nio.file.Path;

/**
 * One source image: its index in the data set (FER2013 data row number from 0, or the image's position in the
 * sorted folder listing), split, class name (a FER name, or happy/sad/unknown for 3-class folders) and either
 * 48x48 grey pixels or an image file.
 */
record Sample(long sourceIndex, String split, String className, byte[] grey48, Path file) {
}

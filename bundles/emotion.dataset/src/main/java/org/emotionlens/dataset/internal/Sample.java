package org.emotionlens.dataset.internal;

/**
 * One source image: its index in the data set (FER2013 data row number from 0, or the image's position in the
 * sorted listing of the whole folder or zip), split, class name (a FER name, or happy/sad/unknown for 3-class
 * folders) and either 48x48 grey pixels (FER2013 CSV) or the image's name inside its {@link ImageInput}.
 */
record Sample(long sourceIndex, String split, String className, byte[] grey48, String name) {
}

package org.emotionlens.train.internal;

/** Bad input data or model files; the message names the file, the line and what to do. */
public final class DataException extends RuntimeException {
    public DataException(String message) { super(message); }
}

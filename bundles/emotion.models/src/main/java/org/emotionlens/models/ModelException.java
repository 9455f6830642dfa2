package org.emotionlens.models;

/** A model file is missing, corrupt or not the expected one. The message names the file and what to do. */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

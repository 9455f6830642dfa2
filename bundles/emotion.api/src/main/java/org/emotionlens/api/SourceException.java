package org.emotionlens.api;

/** Input that cannot be read. The message names the input and the problem, and what to do about it. */
public class SourceException extends Exception {
    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}

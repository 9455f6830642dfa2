package org.emotionlens.runtime;

/** A problem the user can fix; its message names the file or option and what is wrong. */
public final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public LaunchException(String message) {
        this(message, 2);
    }

    public LaunchException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

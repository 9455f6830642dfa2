package org.emotionlens.dataset.internal;

/** A problem with the command's input or options: printed as one message, exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}

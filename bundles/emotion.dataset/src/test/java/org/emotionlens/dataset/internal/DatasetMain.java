package org.emotionlens.dataset.internal;

/** Runs the command from the test class path (for development and the bench without the packaged runtime). */
public final class DatasetMain {
    public static void main(String[] args) {
        int code = DirectStages.run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }
}

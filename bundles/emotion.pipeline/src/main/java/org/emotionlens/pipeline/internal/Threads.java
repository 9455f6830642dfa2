package org.emotionlens.pipeline.internal;

/** Waiting for the pipeline's helper threads. */
final class Threads {
    private Threads() {
    }

    /**
     * Waits until the thread has ended even if interrupted meanwhile (what it is finishing, decoding or writing, must
     * not be cut short), then keeps the interrupt for the caller.
     */
    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

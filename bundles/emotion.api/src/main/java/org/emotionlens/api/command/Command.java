package org.emotionlens.api.command;

import java.io.PrintStream;

/**
 * A command of the command line ({@code emotionlens <name> ...}) that runs inside the container: a service that
 * binds the stage services it needs, registered with {@link #NAME}. The launcher starts the container on the
 * command's profile ({@code configs/commands/<name>.json}), waits for the service and calls {@link #run}.
 */
public interface Command {
    /** Service property: the command's name on the command line, e.g. {@code dataset}. */
    String NAME = "emotion.command.name";

    /**
     * Runs the command with its arguments (the command's own name left out) and returns its exit code: 0 done,
     * 1 failed, 2 bad input (with one line on {@code err} naming the option or file and what to do).
     */
    int run(String[] args, PrintStream out, PrintStream err);
}

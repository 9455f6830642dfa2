package org.emotionlens.train.internal;

import java.io.PrintStream;

import org.emotionlens.api.command.Command;
import org.osgi.service.component.annotations.Component;

/** {@code emotionlens evaluate} as a command service in the container; the command itself is {@link org.emotionlens.train.EvaluateCommand}. */
@Component(service = Command.class, property = Command.NAME + "=evaluate")
public final class EvaluateCommandService implements Command {
    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        return org.emotionlens.train.EvaluateCommand.run(args, out, err);
    }
}

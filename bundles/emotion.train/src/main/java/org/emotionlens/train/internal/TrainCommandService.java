package org.emotionlens.train.internal;

import java.io.PrintStream;

import org.emotionlens.api.command.Command;
import org.osgi.service.component.annotations.Component;

/** {@code emotionlens train} as a command service in the container; the command itself is {@link org.emotionlens.train.TrainCommand}. */
@Component(service = Command.class, property = Command.NAME + "=train")
public final class TrainCommandService implements Command {
    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        return org.emotionlens.train.TrainCommand.run(args, out, err);
    }
}

package org.emotionlens.models.internal;

import java.io.PrintStream;

import org.emotionlens.api.command.Command;
import org.osgi.service.component.annotations.Component;

/** {@code emotionlens models} as a command service in the container; the command itself is {@link ModelsCommand}. */
@Component(service = Command.class, property = Command.NAME + "=models")
public final class ModelsCommandService implements Command {
    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        return ModelsCommand.run(args, out, err);
    }
}

package org.emotionlens.convert.tfjs.internal;

import java.io.PrintStream;

import org.emotionlens.api.command.Command;
import org.osgi.service.component.annotations.Component;

/** {@code emotionlens convert-tfjs} as a command service in the container; the command itself is {@link org.emotionlens.convert.tfjs.ConvertTfjsCommand}. */
@Component(service = Command.class, property = Command.NAME + "=convert-tfjs")
public final class ConvertTfjsCommandService implements Command {
    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        return org.emotionlens.convert.tfjs.ConvertTfjsCommand.run(args, out, err);
    }
}

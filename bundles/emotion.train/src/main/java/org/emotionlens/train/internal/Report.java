package org.emotionlens.train.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.emotionlens.api.Emotions;

/** Evaluation report files: markdown, CSV and confusion-matrix PNG, each stating the command that made it. */
public final class Report {
    private Report() { }

    public static String markdown(String title, Metrics m, String command) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\n");
        if (command != null) sb.append("Made by: `").append(command).append("`\n\n");
        sb.append(String.format(Locale.ROOT, "| metric | value |%n| --- | --- |%n| rows | %d |%n| accuracy | %.4f |%n| macro-F1 | %.4f |%n| categorical cross-entropy | %.4f |%n%n",
                m.rows, m.accuracy, m.macroF1, m.cce));
        sb.append("| class | precision | recall | F1 |\n| --- | --- | --- | --- |\n");
        for (int c = 0; c < 3; c++)
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", Emotions.LABELS.get(c), m.precision[c], m.recall[c], m.f1[c]));
        sb.append("\nConfusion matrix (rows = truth, columns = predicted):\n\n| truth \\ predicted | happy | unknown | sad |\n| --- | --- | --- | --- |\n");
        for (int c = 0; c < 3; c++)
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d |%n", Emotions.LABELS.get(c), m.confusion[c][0], m.confusion[c][1], m.confusion[c][2]));
        return sb.toString();
    }

    public static String csv(Metrics m, String command) {
        StringBuilder sb = new StringBuilder();
        if (command != null) sb.append("# made by: ").append(command).append('\n');
        sb.append("metric,class,value\n");
        sb.append(String.format(Locale.ROOT, "rows,,%d%naccuracy,,%.6f%nmacro_f1,,%.6f%ncce,,%.6f%n", m.rows, m.accuracy, m.macroF1, m.cce));
        for (int c = 0; c < 3; c++) {
            String l = Emotions.LABELS.get(c);
            sb.append(String.format(Locale.ROOT, "precision,%s,%.6f%nrecall,%s,%.6f%nf1,%s,%.6f%n", l, m.precision[c], l, m.recall[c], l, m.f1[c]));
        }
        for (int t = 0; t < 3; t++)
            for (int p = 0; p < 3; p++)
                sb.append(String.format(Locale.ROOT, "confusion,%s->%s,%d%n", Emotions.LABELS.get(t), Emotions.LABELS.get(p), m.confusion[t][p]));
        return sb.toString();
    }

    /** Writes base.md, base.csv and base-confusion.png; returns the paths written. */
    public static java.util.List<Path> write(Path dir, String base, String title, Metrics m, String command) {
        try {
            Files.createDirectories(dir);
            Path md = dir.resolve(base + ".md");
            Path csv = dir.resolve(base + ".csv");
            Path png = dir.resolve(base + "-confusion.png");
            Files.writeString(md, markdown(title, m, command) + "\n![confusion](" + png.getFileName() + ")\n");
            Files.writeString(csv, csv(m, command));
            Plots.confusion(png, title, Emotions.LABELS, m.confusion);
            return java.util.List.of(md, csv, png);
        } catch (IOException e) {
            throw new DataException(dir + ": cannot write report: " + e.getMessage());
        }
    }
}
